package io.footbridge.loyalty.ledger;

import io.footbridge.platform.HostedPages;
import io.footbridge.platform.Signatures;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The member page's unguessable links: the tenant, the member's internal id (never the loyalty number, which
 * would end up in access logs) and an end, signed. Nothing is stored, so a link made on any node opens on all.
 */
@Component
class MemberLinks {

    static final String PATH = "/club/";
    private static final String PURPOSE = "loyalty-member-page";
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{20,200}\\.[A-Za-z0-9_-]{20,100}");

    /** What a token says: the member it opens, or that it ran out ({@code memberId} null, the tenant known). */
    record Opened(UUID tenantId, UUID memberId, Instant expiresAt) {

        boolean expired() {
            return memberId == null;
        }
    }

    private final Signatures signatures;
    private final HostedPages hosted;
    private final MemberPageProperties properties;

    MemberLinks(Signatures signatures, HostedPages hosted, MemberPageProperties properties) {
        this.signatures = signatures;
        this.hosted = hosted;
        this.properties = properties;
    }

    String token(UUID tenantId, UUID memberId, Instant now) {
        return signatures.sign(PURPOSE, tenantId + " " + memberId + " " + expiresAt(now).getEpochSecond());
    }

    /** When a link made now stops opening the page. */
    Instant expiresAt(Instant now) {
        return now.plus(properties.linkLifetime()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    }

    String url(UUID tenantId, UUID memberId, Instant now) {
        return hosted.baseUrl() + PATH + token(tenantId, memberId, now);
    }

    String signInUrl(UUID tenantId) {
        return hosted.baseUrl() + PATH + "sign-in/" + tenantId;
    }

    /** Empty for a token that is forged, altered or not one of ours at all. */
    Optional<Opened> open(String token, Instant now) {
        if (token == null || !TOKEN.matcher(token).matches()) {
            return Optional.empty();
        }
        return signatures.verify(PURPOSE, token).flatMap(payload -> {
            String[] parts = payload.split(" ");
            if (parts.length != 3) {
                return Optional.empty();
            }
            try {
                UUID tenant = UUID.fromString(parts[0]);
                Instant end = Instant.ofEpochSecond(Long.parseLong(parts[2]));
                return Optional.of(end.isAfter(now) ? new Opened(tenant, UUID.fromString(parts[1]), end)
                        : new Opened(tenant, null, end));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        });
    }
}
