package io.footbridge.journeys.flow;

import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The ready-made journeys switched on as drafts, and the workshop reminder's wait for the day before. */
class ReadyMadeJourneysTests extends JourneyApiTest {

    @BeforeEach
    void setUp() {
        tenant.createStore("BER-1");
        tenant.admin().put("/api/v1/consent/policy", Map.of("doubleOptInEmail", false, "timeZone", "UTC"));
    }

    @Test
    void everyReadyMadeJourneyIsSwitchedOnAsADraftOfTheTenantsToEdit() {
        List<String> keys = marketer.get("/api/v1/journeys/ready-made").json().get("items").valueStream()
                .map(r -> r.get("key").asString()).toList();
        assertThat(keys).containsExactly("welcome", "thank-you", "replenishment", "win-back", "birthday",
                "review-request", "event-reminder");
        for (String key : keys) {
            var on = marketer.post("/api/v1/journeys/ready-made/" + key, "{}");
            assertThat(on.status()).as(key + ": " + on).isEqualTo(201);
            JsonNode journey = marketer.get("/api/v1/journeys/" + on.json().get("id").asString()).json();
            assertThat(journey.get("status").asString()).isEqualTo("draft");
            var edited = marketer.put("/api/v1/journeys/" + journey.get("id").asString(),
                    journey.get("definition").toString().replace("\"holdoutPercent\":10", "\"holdoutPercent\":20"));
            assertThat(edited.status()).as(key + ": " + edited).isEqualTo(200);
        }
        assertThat(marketer.get("/api/v1/journeys").json().get("items")).hasSize(keys.size());
        assertThat(marketer.get("/api/v1/journeys").json().get("items").valueStream()
                .map(j -> j.get("name").asString())).contains("Reminder the day before a workshop");
        var thanks = marketer.get("/api/v1/journeys/ready-made").json().get("items").get(1).get("definition");
        assertThat(thanks.toString()).contains("\"crossSell\"");
        assertThat(marketer.post("/api/v1/journeys/ready-made/no-such", "{}").status()).isEqualTo(404);
        var other = newTenant();
        var outsider = anonymous.bearer(other.createKey("j", null, "journeys:read"));
        assertThat(outsider.post("/api/v1/journeys/ready-made/welcome", "{}").status()).isEqualTo(403);
    }

    @Test
    void theWorkshopReminderWaitsForTheDayBeforeItStartsAndARegistrationWithoutAStartEndsQuietly() throws Exception {
        String to = "kim@" + domain;
        String person = person(to);
        grant(person, "email");
        String id = active(journey("[{\"waitUntil\": {\"eventTime\": \"startsAt\", \"offset\": \"-P1D\"}},"
                + " {\"send\": {\"channels\": [\"email\"], \"template\": \"journey.reminder\"}}]")
                .replace("{\"api\": {}}", "{\"event\": {\"type\": \"event.registration\"}}"));

        // starts a day and three seconds from now: the reminder is due in three seconds
        Instant startsAt = Instant.now().plus(Duration.ofDays(1)).plusSeconds(3);
        event("event.registration", to, "BER-1", Map.of("eventCode", "LATTE-ART", "title", "Latte art",
                "startsAt", startsAt.toString()));
        await(() -> step(id, 0).get("outcomes").path("done").asLong() == 1, () -> "waiting: " + stats(id));
        Instant due = jdbc.sql("SELECT due_at FROM journey_entry WHERE journey_id = :j")
                .param("j", UUID.fromString(id))
                .query((rs, row) -> io.footbridge.platform.Timestamps.instant(rs, "due_at")).single();
        assertThat(Duration.between(startsAt.minus(Duration.ofDays(1)), due).abs()).isLessThan(Duration.ofMillis(5));
        MimeMessage mail = awaitMail(to, Duration.ofSeconds(30));
        assertThat(mail.getSubject()).startsWith("See you tomorrow");
        assertThat(mailPart(mail, "text/html")).contains("Latte art");

        String other = "lou@" + domain;
        grant(person(other), "email");
        event("event.registration", other, "BER-1", Map.of("eventCode", "LATTE-ART"));
        await(() -> stats(id).get("done").asLong() == 2, () -> "both end: " + stats(id));
        assertThat(mailsTo(other)).as("nothing to remind of").isEmpty();
        assertThat(marketer.get("/api/v1/journeys/people/" + tenant.admin().get("/api/v1/profiles?email="
                        + other.replace("@", "%40")).json().get("items").get(0).get("id").asString()).json()
                .get("items").toString()).contains("no startsAt in the triggering event");
        assertRefused("[{\"waitUntil\": {\"at\": \"10:00\", \"offset\": \"-P1D\"}}]", "steps[0].waitUntil.offset");
        assertRefused("[{\"waitUntil\": {\"eventTime\": \"startsAt\", \"day\": \"monday\"}}]",
                "steps[0].waitUntil.day");
    }

    @Test
    void aRegistrationForAWorkshopThatHasAlreadyTakenPlaceGetsNoReminderButOneStartingWithinTheDayDoes()
            throws Exception {
        String id = active(journey("[{\"waitUntil\": {\"eventTime\": \"startsAt\", \"offset\": \"-P1D\","
                + " \"at\": \"10:00\"}}, {\"send\": {\"channels\": [\"email\"], \"template\": \"journey.reminder\"}}]")
                .replace("{\"api\": {}}", "{\"event\": {\"type\": \"event.registration\"}}"));
        String late = "late@" + domain;
        String latePerson = person(late);
        grant(latePerson, "email");
        // registered (or sent in) after the workshop was over
        event("event.registration", late, "BER-1", Map.of("eventCode", "CUPPING", "title", "Cupping",
                "startsAt", Instant.now().minus(Duration.ofHours(3)).toString()));
        await(() -> stats(id).get("done").asLong() == 1, () -> "it ends: " + stats(id));
        assertThat(marketer.get("/api/v1/journeys/people/" + latePerson).json().get("items").toString())
                .contains("startsAt has passed");

        String soon = "soon@" + domain;
        grant(person(soon), "email");
        // the day before has gone by, the workshop has not: the reminder goes now
        event("event.registration", soon, "BER-1", Map.of("eventCode", "CUPPING", "title", "Cupping",
                "startsAt", Instant.now().plus(Duration.ofHours(3)).toString()));
        MimeMessage mail = awaitMail(soon, Duration.ofSeconds(30));
        assertThat(mailPart(mail, "text/html")).contains("Cupping");
        assertThat(mailsTo(late)).as("no reminder of what is over").isEmpty();
    }

    @Test
    void aFollowUpAfterTheWorkshopReachedLateStillGoes() throws Exception {
        String id = active(journey("[{\"waitUntil\": {\"eventTime\": \"startsAt\", \"offset\": \"P2D\"}},"
                + " {\"send\": {\"channels\": [\"email\"], \"template\": \"journey.reminder\"}}]")
                .replace("{\"api\": {}}", "{\"event\": {\"type\": \"event.registration\"}}"));
        String sentIn = "sent-in-late@" + domain;
        grant(person(sentIn), "email");
        // the registration reaches us three days after the workshop: its follow-up two days on is due already
        event("event.registration", sentIn, "BER-1", Map.of("eventCode", "CUPPING", "title", "Cupping",
                "startsAt", Instant.now().minus(Duration.ofDays(3)).toString()));
        MimeMessage mail = awaitMail(sentIn, Duration.ofSeconds(30));
        assertThat(mailPart(mail, "text/html")).contains("Cupping");
        await(() -> stats(id).get("done").asLong() == 1, () -> "it ends: " + stats(id));
    }
}
