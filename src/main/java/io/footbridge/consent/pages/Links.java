package io.footbridge.consent.pages;

import io.footbridge.consent.Channel;
import io.footbridge.consent.PreferenceLinks;
import io.footbridge.platform.HostedPages;
import io.footbridge.platform.Signatures;
import org.springframework.stereotype.Component;

import java.util.UUID;

@Component
class Links implements PreferenceLinks {

    private final Signatures signatures;
    private final HostedPages pages;

    Links(Signatures signatures, HostedPages pages) {
        this.signatures = signatures;
        this.pages = pages;
    }

    @Override
    public String unsubscribe(UUID tenantId, UUID profileId, Channel channel, String address, UUID messageId) {
        return pages.baseUrl() + "/u/" + signatures.sign(LinkToken.UNSUBSCRIBE,
                new LinkToken(tenantId, profileId, channel, address, messageId).payload());
    }

    @Override
    public String preferenceCentre(UUID tenantId, UUID profileId, Channel channel, String address) {
        return pages.baseUrl() + "/preferences/" + signatures.sign(LinkToken.PREFERENCES,
                new LinkToken(tenantId, profileId, channel, address, null).payload());
    }
}
