package io.footbridge.messaging.inbound;

import io.footbridge.consent.Channel;
import io.footbridge.consent.HelpRequests;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.UUID;

/** Tells the consent gate whether an answer to HELP answers a HELP that was really received. */
@Component
class InboundHelpRequests implements HelpRequests {

    private final InboundRepository repository;

    InboundHelpRequests(InboundRepository repository) {
        this.repository = repository;
    }

    @Override
    public boolean askedForHelp(UUID tenantId, UUID inboundId, Channel channel, String address, Instant since) {
        return repository.isHelpRequest(tenantId, inboundId, channel, address, since);
    }
}
