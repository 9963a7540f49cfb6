package io.footbridge.messaging.outbound;

import io.footbridge.consent.Consents;
import io.footbridge.consent.NewConsent;
import io.footbridge.consent.Purpose;
import io.footbridge.consent.Suppressions;
import io.footbridge.messaging.MessageStatusChanged;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * What happened to a message after it left: delivered, opened, clicked, or failed, bounced, complained. Reports come
 * from providers' callbacks, from Footbridge's own pixel and redirect, and from integrators; each is recorded once
 * (a replayed report with the same dedupe key changes nothing). A hard bounce suppresses the address; a complaint
 * suppresses it and withdraws the person's marketing permission on that channel.
 */
@Component
public class DeliveryReports {

    /** How far a message got: a report only moves the status forward. */
    private static final Map<String, Integer> PROGRESS = Map.of(Message.SENT, 1, Message.DELIVERED, 2,
            Message.OPENED, 3, Message.CLICKED, 4);

    private final MessageRepository repository;
    private final Suppressions suppressions;
    private final Consents consents;
    private final ApplicationEventPublisher events;

    DeliveryReports(MessageRepository repository, Suppressions suppressions, Consents consents,
                    ApplicationEventPublisher events) {
        this.repository = repository;
        this.suppressions = suppressions;
        this.consents = consents;
        this.events = events;
    }

    /** How far a status is along sent → delivered → opened → clicked; 0 for any other. */
    static int rank(String status) {
        return PROGRESS.getOrDefault(status, 0);
    }

    static boolean failure(String status) {
        return Message.FAILED.equals(status) || Message.BOUNCED.equals(status) || Message.COMPLAINED.equals(status);
    }

    public static boolean known(String status) {
        return PROGRESS.containsKey(status) || Message.FAILED.equals(status) || Message.BOUNCED.equals(status)
                || Message.COMPLAINED.equals(status);
    }

    /**
     * Records a report; false when it was a replay (the dedupe key was seen) and nothing changed.
     *
     * @param dedupeKey what makes the report unique at its source, e.g. the provider's event id; null: always new
     */
    @Transactional
    public boolean report(Message message, String status, Instant at, String detail, String dedupeKey) {
        String normalised = status.toLowerCase(Locale.ROOT);
        if (!known(normalised)) {
            throw new IllegalArgumentException("unknown status " + status);
        }
        if (!repository.insertEvent(message.id(), message.tenantId(), normalised, at, detail, dedupeKey)) {
            return false;
        }
        Integer rank = PROGRESS.get(normalised);
        if (rank != null) {
            repository.progress(message.id(), normalised, rank, at);
        } else {
            repository.fail(message.id(), normalised, detail == null ? normalised : detail, at);
            if (message.to() != null && (normalised.equals(Message.BOUNCED) || normalised.equals(Message.COMPLAINED))) {
                suppressions.suppress(message.tenantId(), message.channel(), message.to(),
                        normalised.equals(Message.BOUNCED) ? Suppressions.Reason.BOUNCED : Suppressions.Reason.COMPLAINED,
                        detail);
            }
            if (normalised.equals(Message.COMPLAINED) && message.to() != null) {
                // a complaint stops everything that needs a grant: the shop's marketing and, where they were
                // granted, the club's messages
                for (Purpose purpose : java.util.List.of(Purpose.MARKETING, Purpose.LOYALTY)) {
                    if (purpose == Purpose.LOYALTY && consents.standing(message.tenantId(), message.profileId(),
                            message.channel().addressType(), message.to(), message.channel(), purpose)
                            .filter(s -> !"withdrawn".equals(s.status())).isEmpty()) {
                        continue;
                    }
                    consents.record(new NewConsent(message.tenantId(), message.profileId(),
                            message.channel().addressType(), message.to(), message.channel(), purpose, false, at,
                            "complaint", message.storeId(), null, null, Map.of("messageId", message.id().toString()),
                            "complaint:" + message.id() + (purpose == Purpose.MARKETING ? "" : ":" + purpose.value())));
                }
            }
        }
        events.publishEvent(new MessageStatusChanged(message.tenantId(), message.id(), message.origin(), normalised));
        return true;
    }
}
