package io.footbridge.loyalty.ledger;

import io.footbridge.receipts.ReceiptsTestSupport;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reminders before points lapse, through real SMTP: a member who granted marketing e-mail gets one per expiring
 * batch, a member without that consent gets nothing.
 */
class ExpiryReminderTests extends ReceiptsTestSupport {

    @Autowired
    LoyaltyFeed feed;

    @Autowired
    LoyaltySweep sweep;

    @Autowired
    LoyaltyRepository repository;

    @BeforeEach
    void setUp() {
        shop();
        var programme = marketer.put("/api/v1/loyalty/program", Map.of("currency", "EUR", "pointsPerUnit", 1,
                "unit", 100, "expiry", Map.of("months", 1), "expiryReminderDays", 7));
        assertThat(programme.status()).as(programme.toString()).isEqualTo(200);
    }

    /** A member made by a sale with their e-mail, granting marketing e-mail at the till or not. */
    private String member(String email, boolean granted) {
        String loyaltyId = "L" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        Map<String, Object> sale = new java.util.HashMap<>(sale(tx(), Map.of("loyaltyId", loyaltyId, "email", email),
                "print", false));
        if (granted) {
            sale.put("consents", List.of(Map.of("channel", "email", "purpose", "marketing", "granted", true,
                    "wordingVersion", "club-2026-01")));
        }
        ring(sale);
        feed.drain();
        long deadline = System.currentTimeMillis() + 20_000;
        while (till.get("/api/v1/loyalty/members?loyaltyId=" + loyaltyId).json().path("profileId").isNull()) {
            assertThat(System.currentTimeMillis()).as("identity links the number to the e-mail").isLessThan(deadline);
            sleep(50);
        }
        assertThat(till.get("/api/v1/loyalty/members?loyaltyId=" + loyaltyId).json().path("available").asLong())
                .isEqualTo(19);
        return loyaltyId;
    }

    private static List<MimeMessage> reminders(String email) throws Exception {
        List<MimeMessage> found = new java.util.ArrayList<>();
        for (MimeMessage m : SMTP.getReceivedMessagesForDomain(email)) {
            if (m.getSubject().contains("lapse") && Arrays.stream(m.getAllRecipients())
                    .anyMatch(a -> a.toString().equalsIgnoreCase(email))) {
                found.add(m);
            }
        }
        return found;
    }

    @Test
    void aConsentingMemberIsRemindedOncePerBatchByMailAndOneWithoutConsentGetsNothing() throws Exception {
        String yes = "club-yes-" + UUID.randomUUID().toString().substring(0, 8) + "@" + domain;
        String no = "club-no-" + UUID.randomUUID().toString().substring(0, 8) + "@" + domain;
        String granted = member(yes, true);
        String silent = member(no, false);

        Instant lapse = repository.allEntries(repository.member(tenant.id(), granted).orElseThrow().id()).stream()
                .filter(e -> e.points() > 0).findFirst().orElseThrow().expiresAt();
        sweep.run(lapse.minus(Duration.ofDays(8)));
        assertThat(repository.reminderOutcome(repository.member(tenant.id(), granted).orElseThrow().id(), lapse))
                .as("eight days before, outside the seven-day window").isEmpty();

        sweep.run(lapse.minus(Duration.ofDays(6)));
        sweep.run(lapse.minus(Duration.ofDays(5)));
        long deadline = System.currentTimeMillis() + 20_000;
        while (reminders(yes).isEmpty()) {
            assertThat(System.currentTimeMillis()).as("the reminder reaches the consenting member")
                    .isLessThan(deadline);
            sleep(100);
        }
        MimeMessage mail = reminders(yes).get(0);
        assertThat(mail.getSubject()).contains("19 points");
        // the last day the points can be spent, on the store's clock
        assertThat(html(mail)).contains(ExpiryReminders.lastDay(lapse, java.time.ZoneId.of("Europe/Berlin")).toString())
                .contains("Your member page").contains("/m/c/");
        sleep(1000);
        assertThat(reminders(yes)).as("once per batch, though the sweep ran twice").hasSize(1);
        assertThat(reminders(no)).as("no consent, no reminder").isEmpty();
        UUID silentId = repository.member(tenant.id(), silent).orElseThrow().id();
        Instant silentLapse = repository.allEntries(silentId).stream().filter(e -> e.points() > 0).findFirst()
                .orElseThrow().expiresAt();
        assertThat(repository.reminderOutcome(silentId, silentLapse)).contains("blocked");
    }
}
