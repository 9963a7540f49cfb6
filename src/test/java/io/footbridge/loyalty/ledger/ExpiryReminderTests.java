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
 * Reminders before points lapse, through real SMTP: they are the club's messages, so a member who granted the club's
 * e-mails gets one per expiring batch (with a way to unsubscribe), a member who granted only the shop's marketing
 * or nothing gets none.
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

    /** A member made by a sale with their e-mail, granting e-mail for {@code purpose} at the till (null: nothing). */
    private String member(String email, String purpose) {
        String loyaltyId = "L" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        Map<String, Object> sale = new java.util.HashMap<>(sale(tx(), Map.of("loyaltyId", loyaltyId, "email", email),
                "print", false));
        if (purpose != null) {
            sale.put("consents", List.of(Map.of("channel", "email", "purpose", purpose, "granted", true,
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
    void aMemberWhoGrantedTheClubsMailIsRemindedOncePerBatchAndOthersGetNothing() throws Exception {
        String yes = "club-yes-" + UUID.randomUUID().toString().substring(0, 8) + "@" + domain;
        String no = "club-no-" + UUID.randomUUID().toString().substring(0, 8) + "@" + domain;
        String newsletter = "club-news-" + UUID.randomUUID().toString().substring(0, 8) + "@" + domain;
        String granted = member(yes, "loyalty");
        String silent = member(no, null);
        String marketingOnly = member(newsletter, "marketing");

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
        assertThat(reminders(newsletter)).as("the shop's marketing is not the club's consent").isEmpty();
        for (String blocked : List.of(silent, marketingOnly)) {
            UUID id = repository.member(tenant.id(), blocked).orElseThrow().id();
            Instant at = repository.allEntries(id).stream().filter(e -> e.points() > 0).findFirst().orElseThrow()
                    .expiresAt();
            assertThat(repository.reminderOutcome(id, at)).contains("blocked");
        }

        String unsubscribe = mail.getHeader("List-Unsubscribe")[0].replaceAll("[<>]", "");
        var stop = anonymous.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(unsubscribe))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click")));
        assertThat(stop.status()).as(stop.toString()).isEqualTo(200);
        var check = tenant.admin().post("/api/v1/consent/check", Map.of("channel", "email", "purpose", "loyalty",
                "address", yes)).json();
        assertThat(check.path("reason").asString()).as("unsubscribing stops the club's mail").isEqualTo("withdrawn");
    }
}
