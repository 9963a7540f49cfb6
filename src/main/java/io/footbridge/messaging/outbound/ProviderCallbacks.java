package io.footbridge.messaging.outbound;

import io.footbridge.consent.Consents;
import io.footbridge.consent.NewConsent;
import io.footbridge.consent.Purpose;
import io.footbridge.consent.Suppressions;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A provider's status callback about a message it carried, found by the provider's own id. Recorded once per dedupe
 * key through {@link DeliveryReports}; a failure that says the number is unreachable also suppresses it, one that
 * says the person opted out with the provider also withdraws in the ledger — all in one transaction.
 */
@Component
public class ProviderCallbacks {

    public enum Outcome { RECORDED, REPLAYED, UNKNOWN }

    /**
     * @param status      sent, delivered, opened or failed
     * @param unreachable the provider says the address cannot receive the channel
     * @param withdrawn   purposes the person withdrew with the provider (replied STOP to the carrier)
     */
    public record Report(String provider, String providerId, String status, Instant at, String detail,
                         String dedupeKey, boolean unreachable, Set<Purpose> withdrawn, UUID messageId) {

        public Report(String provider, String providerId, String status, Instant at, String detail, String dedupeKey,
                      boolean unreachable, Set<Purpose> withdrawn) {
            this(provider, providerId, status, at, detail, dedupeKey, unreachable, withdrawn, null);
        }
    }

    private final MessageRepository repository;
    private final DeliveryReports reports;
    private final Suppressions suppressions;
    private final Consents consents;

    ProviderCallbacks(MessageRepository repository, DeliveryReports reports, Suppressions suppressions,
                      Consents consents) {
        this.repository = repository;
        this.reports = reports;
        this.suppressions = suppressions;
        this.consents = consents;
    }

    @Transactional
    public Outcome report(Report report) {
        Optional<Message> found = repository.byProviderId(report.provider(), report.providerId());
        if (found.isEmpty() && report.messageId() != null) {
            // the callback URL names our message (signed by the provider with the rest): it may arrive before the
            // send's own transaction has stored the provider's id
            found = repository.byId(report.messageId())
                    .filter(m -> m.provider() == null || m.provider().equals(report.provider()))
                    .filter(m -> m.providerId() == null || m.providerId().equals(report.providerId()));
        }
        if (found.isEmpty()) {
            return Outcome.UNKNOWN;
        }
        Message m = found.get();
        if (!reports.report(m, report.status(), report.at(), report.detail(), report.dedupeKey())) {
            return Outcome.REPLAYED;
        }
        if (m.to() != null) {
            if (report.unreachable()) {
                suppressions.suppress(m.tenantId(), m.channel(), m.to(), Suppressions.Reason.UNREACHABLE,
                        report.detail());
            }
            for (Purpose purpose : report.withdrawn()) {
                consents.record(new NewConsent(m.tenantId(), m.profileId(), m.channel().addressType(), m.to(),
                        m.channel(), purpose, false, report.at(), report.provider() + "_opt_out", m.storeId(), null,
                        null, Map.of("messageId", m.id().toString(), "reason", String.valueOf(report.detail())),
                        "provider-opt-out:" + m.id() + ":" + purpose.value()));
            }
        }
        return Outcome.RECORDED;
    }
}
