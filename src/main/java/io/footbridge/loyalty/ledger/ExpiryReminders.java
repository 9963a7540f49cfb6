package io.footbridge.loyalty.ledger;

import io.footbridge.consent.Channel;
import io.footbridge.consent.Purpose;
import io.footbridge.messaging.Messages;
import io.footbridge.platform.ProblemException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reminds members, {@code expiryReminderDays} before, of the points about to lapse: one message per batch (a
 * member's points lapsing at one moment), through messaging and so through the consent gate. It is a club message,
 * not a service one: sent with the purpose {@code loyalty}, so only to members who granted the club's messages on
 * that channel (asked apart from marketing when they joined).
 */
@Component
class ExpiryReminders {

    static final String TEMPLATE = "loyalty.expiry";
    private static final int PAGE = 200;
    /** Bounds one pass per tenant; what is left waits for the next hour. */
    private static final int MAX_PAGES = 50;

    private final LoyaltyRepository repository;
    private final ProgrammeStore programmes;
    private final Members members;
    private final PointsLedger ledger;
    private final MemberLinks links;
    private final Messages messages;
    private final TransactionTemplate transaction;

    ExpiryReminders(LoyaltyRepository repository, ProgrammeStore programmes, Members members, PointsLedger ledger,
                    MemberLinks links, Messages messages, TransactionTemplate transaction) {
        this.repository = repository;
        this.programmes = programmes;
        this.members = members;
        this.ledger = ledger;
        this.links = links;
        this.messages = messages;
        this.transaction = transaction;
    }

    /** One pass at {@code now}: answers how many batches it handled (reminded or found nothing to remind of). */
    int send(Instant now) {
        int handled = 0;
        for (UUID tenantId : repository.programmeTenants()) {
            Integer days = programmes.find(tenantId).map(Programme::expiryReminderDays).orElse(null);
            if (days == null) {
                continue;
            }
            Instant horizon = now.plus(Duration.ofDays(days));
            List<LoyaltyRepository.ExpiringBatch> due;
            for (int page = 0; page < MAX_PAGES
                    && !(due = repository.reminderDue(tenantId, now, horizon, PAGE)).isEmpty(); page++) {
                for (LoyaltyRepository.ExpiringBatch batch : due) {
                    remind(tenantId, batch, now);
                    handled++;
                }
            }
        }
        return handled;
    }

    /**
     * The day the reminder names, on the store's clock: the last day the points can be spent, so points lapsing at
     * midnight (a year end) lapse "on 31 December", not on the first of January.
     */
    static LocalDate lastDay(Instant expiresAt, ZoneId zone) {
        return expiresAt.minusNanos(1).atZone(zone).toLocalDate();
    }

    private void remind(UUID tenantId, LoyaltyRepository.ExpiringBatch batch, Instant now) {
        LoyaltyRepository.Member member = repository.memberById(tenantId, batch.memberId()).orElseThrow();
        // claimed first, in its own transaction: a failed send is recorded, never tried again every hour
        Long points = transaction.execute(status -> {
            repository.lockById(tenantId, member.id());
            List<LoyaltyRepository.Entry> entries = repository.allEntries(member.id());
            Map<UUID, Long> left = LoyaltySweep.left(entries);
            long lapsing = entries.stream()
                    .filter(e -> LoyaltySweep.credit(e) && batch.expiresAt().equals(e.expiresAt()))
                    .mapToLong(e -> Math.max(0, left.getOrDefault(e.id(), 0L))).sum();
            return repository.claimReminder(tenantId, batch, lapsing, lapsing > 0 ? "claimed" : "nothing-left", now)
                    ? lapsing : null;
        });
        if (points == null || points == 0) {
            return;
        }
        UUID profileId = members.view(tenantId, member).profileId();
        if (profileId == null) {
            repository.reminded(tenantId, batch, "no-person", null);
            return;
        }
        UUID store = repository.joinedStore(tenantId, member.id()).orElse(null);
        LocalDate day = lastDay(batch.expiresAt(), ledger.zone(tenantId, store));
        Map<String, Object> variables = Map.of("points", points, "date", day.toString(),
                "page", links.url(tenantId, member.id(), now));
        String key = "loyalty-expiry:" + member.id() + ":" + batch.expiresAt().toEpochMilli();
        // the person's e-mail first; a member known only by phone gets an SMS
        for (Channel channel : List.of(Channel.EMAIL, Channel.SMS)) {
            try {
                Messages.Queued queued = transaction.execute(status -> messages.send(new Messages.Outgoing(tenantId,
                        profileId, channel, Purpose.LOYALTY, null, TEMPLATE, null, variables,
                        key + ":" + channel.name().toLowerCase(java.util.Locale.ROOT), store, "loyalty")));
                repository.reminded(tenantId, batch, queued.blocked() ? "blocked" : "queued", queued.messageId());
                return;
            } catch (ProblemException undeliverable) {
                // no address for this channel: try the next
            }
        }
        repository.reminded(tenantId, batch, "undeliverable", null);
    }
}
