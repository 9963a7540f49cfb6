package io.footbridge.consent;

import io.footbridge.ApiClient;
import io.footbridge.ApiTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

class ConsentApiTests extends ApiTest {

    @Autowired
    private ConsentGate gate;
    @Autowired
    private Consents consents;
    private TestTenant tenant;
    private ApiClient till;

    @BeforeEach
    void tenantWithStore() {
        tenant = newTenant();
        tenant.createStore("BER-1");
        till = anonymous.bearer(tenant.createKey("till", "BER-1", "pos"));
    }

    @Test
    void aTickAtTheTillIsInTheLedgerWithTheStaffMemberAndTheWordingAsProof() {
        tenant.admin().put("/api/v1/consent/wordings/till-2026-01", Map.of("text",
                "Yes, send me offers by email. I can unsubscribe at any time.", "language", "en"));
        String id = sale("lena@example.com", "030 1234567", true);

        JsonNode view = awaitConsents(id, v -> status(v, "email", "marketing").equals("granted"));
        JsonNode line = view.get("history").get(0);
        assertThat(line.get("source").asString()).isEqualTo("pos");
        assertThat(line.get("store").asString()).isEqualTo("BER-1");
        assertThat(line.get("wordingVersion").asString()).isEqualTo("till-2026-01");
        assertThat(line.get("wording").asString()).startsWith("Yes, send me offers by email.");
        assertThat(line.get("evidence").get("staffId").asString()).isEqualTo("staff-17");
        assertThat(line.get("subject").get("type").asString()).isEqualTo("email");
        assertThat(line.get("subject").get("value").asString()).isEqualTo("lena@example.com");
        assertThat(status(view, "sms", "marketing")).isEqualTo("none");
    }

    @Test
    void aWithdrawalIsANewLineAndTheNewestLineDecides() {
        String id = profileWith("mia@example.com");
        var granted = record(id, Map.of("channel", "sms", "purpose", "marketing", "granted", true, "source", "form",
                "occurredAt", Instant.now().minusSeconds(3600).toString()));
        var withdrawn = record(id, Map.of("channel", "sms", "purpose", "marketing", "granted", false,
                "source", "phone_call", "evidence", Map.of("staffId", "s-4", "note", "asked on the phone")));
        // an old grant reported late does not undo the newer withdrawal
        var late = record(id, Map.of("channel", "sms", "purpose", "marketing", "granted", true, "source", "crm_sync",
                "occurredAt", Instant.now().minusSeconds(7200).toString()));

        assertThat(granted.status()).as(granted.toString()).isEqualTo(201);
        assertThat(withdrawn.status()).isEqualTo(201);
        assertThat(late.status()).isEqualTo(201);
        JsonNode view = tenant.admin().get("/api/v1/profiles/" + id + "/consents").json();
        assertThat(status(view, "sms", "marketing")).isEqualTo("withdrawn");
        assertThat(view.get("history")).hasSize(3);
        assertThat(view.get("history").get(0).get("evidence").get("note").asString()).isEqualTo("asked on the phone");
        assertThat(decide(id, Channel.SMS, Purpose.MARKETING, null).reason()).isEqualTo(ConsentGate.Reason.WITHDRAWN);
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyRecordsOnceEvenWhenRacing() throws Exception {
        String id = profileWith("noah@example.com");
        String key = "consent-" + UUID.randomUUID();
        var statuses = concurrently(6, () -> tenant.admin().send(tenant.admin()
                .request("/api/v1/profiles/" + id + "/consents").header("Content-Type", "application/json")
                .header("Idempotency-Key", key).POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"channel\":\"email\",\"purpose\":\"marketing\",\"granted\":true,\"source\":\"api\"}")))
                .status());

        assertThat(statuses).containsOnlyOnce(201).containsOnly(201, 200);
        assertThat(tenant.admin().get("/api/v1/profiles/" + id + "/consents").json().get("history")).hasSize(1);
    }

    @Test
    void badInputIsRefusedByFieldAndOtherTenantsProfilesAreNotFound() {
        String id = profileWith("ava@example.com");
        String path = "/api/v1/profiles/" + id + "/consents";

        var unknownChannel = tenant.admin().post(path, Map.of("channel", "pigeon", "purpose", "marketing",
                "granted", true, "source", "api"));
        var missing = tenant.admin().post(path, Map.of("channel", "email", "purpose", "marketing"));
        var wrongType = tenant.admin().post(path, "{\"channel\":\"email\",\"purpose\":\"marketing\",\"granted\":\"yes\",\"source\":\"api\"}");
        var notTheirs = tenant.admin().post(path, Map.of("channel", "email", "purpose", "marketing", "granted", true,
                "source", "api", "address", "someone.else@example.com"));
        var future = tenant.admin().post(path, Map.of("channel", "email", "purpose", "marketing", "granted", true,
                "source", "api", "occurredAt", Instant.now().plusSeconds(86_400).toString()));
        var badSource = tenant.admin().post(path, Map.of("channel", "email", "purpose", "marketing", "granted", true,
                "source", "Drop Table"));
        var malformed = tenant.admin().post(path, "{\"channel\": ");
        var unknown = tenant.admin().get("/api/v1/profiles/" + UUID.randomUUID() + "/consents");
        var other = newTenant();
        var foreign = other.admin().post(path, Map.of("channel", "email", "purpose", "marketing", "granted", true,
                "source", "api"));

        assertThat(unknownChannel.status()).isEqualTo(400);
        assertThat(unknownChannel.errorFields()).containsExactly("channel");
        assertThat(missing.errorFields()).containsExactlyInAnyOrder("granted", "source");
        assertThat(wrongType.errorFields()).containsExactly("granted");
        assertThat(notTheirs.errorFields()).containsExactly("address");
        assertThat(future.errorFields()).containsExactly("occurredAt");
        assertThat(badSource.errorFields()).containsExactly("source");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(tenant.admin().get(path).json().get("history")).isEmpty();
        var badLimit = tenant.admin().get(path + "?limit=0");
        assertThat(badLimit.status()).as(badLimit.toString()).isEqualTo(400);
        assertThat(badLimit.errorFields()).containsExactly("limit");
    }

    @Test
    void aWordingVersionNeverChangesOnceRegistered() {
        var first = tenant.admin().put("/api/v1/consent/wordings/web-3", Map.of("text", "Send me news."));
        var same = tenant.admin().put("/api/v1/consent/wordings/web-3", Map.of("text", "Send me news."));
        var changed = tenant.admin().put("/api/v1/consent/wordings/web-3", Map.of("text", "Send me everything."));

        assertThat(first.status()).isEqualTo(201);
        assertThat(same.status()).isEqualTo(200);
        assertThat(changed.status()).isEqualTo(409);
        assertThat(changed.json().get("type").asString()).endsWith("/wording-version-exists");
    }

    @Test
    void theGateSaysWhyAndHoldsServiceMessagesToADifferentStandard() {
        String id = profileWith("liam@example.com");

        assertThat(decide(id, Channel.EMAIL, Purpose.MARKETING, "liam@example.com").reason())
                .isEqualTo(ConsentGate.Reason.NO_CONSENT);
        assertThat(decide(id, Channel.EMAIL, Purpose.SERVICE, "liam@example.com").allowed()).isTrue();

        record(id, Map.of("channel", "email", "purpose", "marketing", "granted", true, "source", "api"));
        assertThat(decide(id, Channel.EMAIL, Purpose.MARKETING, "liam@example.com").reason())
                .isEqualTo(ConsentGate.Reason.GRANTED);

        var suppressed = tenant.admin().post("/api/v1/suppressions", Map.of("channel", "email",
                "address", "Liam@Example.com", "reason", "bounced"));
        assertThat(suppressed.status()).as(suppressed.toString()).isEqualTo(201);
        var marketing = decide(id, Channel.EMAIL, Purpose.MARKETING, "liam@example.com");
        assertThat(marketing.allowed()).isFalse();
        assertThat(marketing.reason()).isEqualTo(ConsentGate.Reason.SUPPRESSED);
        assertThat(decide(id, Channel.EMAIL, Purpose.SERVICE, "liam@example.com").reason())
                .isEqualTo(ConsentGate.Reason.SUPPRESSED);

        var lifted = tenant.admin().delete("/api/v1/suppressions/email/liam@example.com");
        assertThat(lifted.status()).isEqualTo(204);
        var check = tenant.admin().post("/api/v1/consent/check", Map.of("profileId", id, "channel", "email",
                "purpose", "marketing", "address", "liam@example.com"));
        assertThat(check.json().get("allowed").asBoolean()).as(check.toString()).isTrue();
        assertThat(check.json().get("reason").asString()).isEqualTo("granted");
    }

    @Test
    void onlyTheConfirmationOfAnOptOutPassesItAndOnlyWhileItIsTheNewestLine() {
        String phone = "+4917612345" + (100 + new java.util.Random().nextInt(900));
        Instant now = Instant.now();
        Map<String, String> evidence = Map.of("keyword", "STOP");
        consents.record(new NewConsent(tenant.id(), null, "phone", phone, Channel.SMS, Purpose.SERVICE, false, now,
                "sms_keyword", null, null, null, evidence, "keyword:m1:service"));

        var confirmation = gate.check(new ConsentGate.Ask(tenant.id(), null, Channel.SMS, Purpose.SERVICE, phone,
                null, now, "keyword:m1:service"));
        var receipt = gate.check(new ConsentGate.Ask(tenant.id(), null, Channel.SMS, Purpose.SERVICE, phone, null,
                now));
        var otherKey = gate.check(new ConsentGate.Ask(tenant.id(), null, Channel.SMS, Purpose.SERVICE, phone, null,
                now, "keyword:m2:service"));
        var hoursLater = gate.check(new ConsentGate.Ask(tenant.id(), null, Channel.SMS, Purpose.SERVICE, phone, null,
                now.plusSeconds(2 * 3600), "keyword:m1:service"));
        assertThat(confirmation.allowed()).isTrue();
        assertThat(confirmation.reason()).isEqualTo(ConsentGate.Reason.ACKNOWLEDGEMENT);
        assertThat(receipt.reason()).isEqualTo(ConsentGate.Reason.WITHDRAWN);
        assertThat(otherKey.reason()).isEqualTo(ConsentGate.Reason.WITHDRAWN);
        assertThat(hoursLater.reason()).isEqualTo(ConsentGate.Reason.WITHDRAWN);

        consents.record(new NewConsent(tenant.id(), null, "phone", phone, Channel.SMS, Purpose.SERVICE, false,
                now.plusSeconds(1), "api", null, null, null, Map.of(), "later:" + phone));
        assertThat(gate.check(new ConsentGate.Ask(tenant.id(), null, Channel.SMS, Purpose.SERVICE, phone, null,
                now.plusSeconds(2), "keyword:m1:service")).reason()).as("a newer line ends the exception")
                .isEqualTo(ConsentGate.Reason.WITHDRAWN);
        assertThat(consents.standing(tenant.id(), null, "phone", phone, Channel.SMS, Purpose.SERVICE).orElseThrow()
                .source()).isEqualTo("api");
        assertThat(consents.standing(tenant.id(), null, "phone", phone, Channel.SMS, Purpose.MARKETING)).isEmpty();
    }

    @Test
    void quietHoursHoldMarketingUntilTheyEndOnTheStoresClock() {
        String id = profileWith("ella@example.com");
        record(id, Map.of("channel", "email", "purpose", "marketing", "granted", true, "source", "api"));
        var policy = tenant.admin().put("/api/v1/consent/policy", Map.of("doubleOptInEmail", false,
                "quietHours", Map.of("start", "21:00", "end", "08:00"), "timeZone", "Europe/Berlin"));
        assertThat(policy.status()).as(policy.toString()).isEqualTo(200);

        Instant lateEvening = Instant.parse("2026-06-10T21:30:00Z"); // 23:30 in Berlin
        var night = gate.check(new ConsentGate.Ask(tenant.id(), UUID.fromString(id), Channel.EMAIL,
                Purpose.MARKETING, "ella@example.com", ZoneId.of("Europe/Berlin"), lateEvening));
        var receipt = gate.check(new ConsentGate.Ask(tenant.id(), UUID.fromString(id), Channel.EMAIL,
                Purpose.SERVICE, "ella@example.com", ZoneId.of("Europe/Berlin"), lateEvening));
        var noon = gate.check(new ConsentGate.Ask(tenant.id(), UUID.fromString(id), Channel.EMAIL,
                Purpose.MARKETING, "ella@example.com", ZoneId.of("Europe/Berlin"), Instant.parse("2026-06-10T10:00:00Z")));

        assertThat(night.reason()).isEqualTo(ConsentGate.Reason.QUIET_HOURS);
        assertThat(night.notBefore()).isEqualTo(Instant.parse("2026-06-11T06:00:00Z"));
        assertThat(receipt.allowed()).isTrue();
        assertThat(noon.allowed()).isTrue();
        var badPolicy = tenant.admin().put("/api/v1/consent/policy", Map.of("doubleOptInEmail", false,
                "quietHours", Map.of("start", "25:00", "end", "08:00"), "timeZone", "Mars/Olympus"));
        assertThat(badPolicy.errorFields()).containsExactlyInAnyOrder("quietHours.start", "timeZone");
    }

    @Test
    void theFrequencyCapLetsExactlyItsNumberThroughEvenWhenSendsRace() throws Exception {
        String id = profileWith("finn@example.com");
        record(id, Map.of("channel", "email", "purpose", "marketing", "granted", true, "source", "api"));
        tenant.admin().put("/api/v1/consent/policy", Map.of("doubleOptInEmail", false, "timeZone", "UTC",
                "frequencyCap", Map.of("messages", 3, "days", 7)));

        var admitted = concurrently(10, () -> gate.admit(new ConsentGate.Ask(tenant.id(), UUID.fromString(id),
                Channel.EMAIL, Purpose.MARKETING, "finn@example.com", null, Instant.now())).allowed() ? 1 : 0);

        assertThat(admitted.stream().mapToInt(Integer::intValue).sum()).isEqualTo(3);
        var next = gate.check(new ConsentGate.Ask(tenant.id(), UUID.fromString(id), Channel.EMAIL,
                Purpose.MARKETING, "finn@example.com", null, Instant.now()));
        assertThat(next.reason()).isEqualTo(ConsentGate.Reason.FREQUENCY_CAP);
        assertThat(next.notBefore()).isAfter(Instant.now().plusSeconds(6 * 86_400));
    }

    @Test
    void aPermissionFollowsItsIdentifierWhenTwoProfilesMerge() {
        String mia = profileWith("merge-a@example.com");
        String other = profileWith("merge-b@example.com");
        record(other, Map.of("channel", "email", "purpose", "marketing", "granted", true, "source", "api",
                "address", "merge-b@example.com"));
        var merged = tenant.admin().post("/api/v1/profiles/" + mia + "/merge", Map.of("profileId", other));
        assertThat(merged.status()).as(merged.toString()).isIn(200, 201);

        String root = merged.json().get("intoProfileId") != null ? merged.json().get("intoProfileId").asString() : mia;
        JsonNode view = tenant.admin().get("/api/v1/profiles/" + root + "/consents").json();
        assertThat(status(view, "email", "marketing")).isEqualTo("granted");
        var movedAway = tenant.admin().get("/api/v1/profiles/" + (root.equals(mia) ? other : mia) + "/consents");
        assertThat(movedAway.status()).isEqualTo(308);
    }

    @Test
    void proofIsKeptReadableWhateverItHoldsAndCallersCannotClaimFootbridgesOwnSources() {
        String id = profileWith("proof@example.com");
        String quotes = "\"".repeat(300);
        var withQuotes = record(id, Map.of("channel", "email", "purpose", "marketing", "granted", true,
                "source", "form", "evidence", Map.of("ip", quotes.substring(0, 64), "userAgent", quotes,
                        "staffId", quotes.substring(0, 64), "messageId", quotes.substring(0, 128), "note", quotes)));
        var nul = tenant.admin().post("/api/v1/profiles/" + id + "/consents", "{\"channel\":\"email\","
                + "\"purpose\":\"marketing\",\"granted\":true,\"source\":\"form\",\"evidence\":{\"note\":\"a\\u0000b\"}}");
        var claimed = record(id, Map.of("channel", "email", "purpose", "marketing", "granted", true,
                "source", "double_opt_in"));

        assertThat(withQuotes.status()).as(withQuotes.toString()).isEqualTo(201);
        assertThat(decide(id, Channel.EMAIL, Purpose.MARKETING, null).reason()).as("the gate still reads the line")
                .isEqualTo(ConsentGate.Reason.GRANTED);
        assertThat(nul.status()).isEqualTo(400);
        assertThat(nul.errorFields()).containsExactly("evidence.note");
        assertThat(claimed.errorFields()).containsExactly("source");
    }

    @Test
    void aRetriedMessageCountsOnceTowardsTheCap() {
        String id = profileWith("retried@example.com");
        record(id, Map.of("channel", "email", "purpose", "marketing", "granted", true, "source", "api"));
        tenant.admin().put("/api/v1/consent/policy", Map.of("doubleOptInEmail", false, "timeZone", "UTC",
                "frequencyCap", Map.of("messages", 2, "days", 7)));
        java.util.function.Function<String, ConsentGate.Decision> admit = key -> gate.admit(new ConsentGate.Ask(
                tenant.id(), UUID.fromString(id), Channel.EMAIL, Purpose.MARKETING, "retried@example.com", null,
                Instant.now(), null, key));

        assertThat(admit.apply("message-1").allowed()).isTrue();
        assertThat(admit.apply("message-1").allowed()).as("its own retry").isTrue();
        assertThat(admit.apply("message-1").allowed()).as("and again").isTrue();
        assertThat(admit.apply("message-2").allowed()).isTrue();
        assertThat(admit.apply("message-3").reason()).isEqualTo(ConsentGate.Reason.FREQUENCY_CAP);
    }

    @Test
    void theSuppressionListPagesThroughOneAddressOnSeveralChannels() {
        for (String channel : List.of("email", "sms", "whatsapp")) {
            String address = channel.equals("email") ? "same@example.com" : "+4915100000001";
            tenant.admin().post("/api/v1/suppressions", Map.of("channel", channel, "address", address));
        }
        tenant.admin().post("/api/v1/suppressions", Map.of("channel", "email", "address", "other@example.com"));
        var storeKey = anonymous.bearer(tenant.createKey("store", "BER-1", "profiles:write"));

        List<String> seen = new java.util.ArrayList<>();
        String next = null;
        do {
            JsonNode page = tenant.admin().get("/api/v1/suppressions?limit=1"
                    + (next == null ? "" : "&after=" + URLEncoder.encode(next, StandardCharsets.UTF_8))).json();
            page.get("items").forEach(i -> seen.add(i.get("channel").asString() + " " + i.get("address").asString()));
            next = page.get("next").isNull() ? null : page.get("next").asString();
        } while (next != null);

        assertThat(seen).containsExactly("sms +4915100000001", "whatsapp +4915100000001",
                "email other@example.com", "email same@example.com");
        assertThat(storeKey.post("/api/v1/suppressions", Map.of("channel", "email", "address", "x@example.com"))
                .status()).as("the list is the whole tenant's").isEqualTo(403);
    }

    // --- helpers

    private ConsentGate.Decision decide(String profileId, Channel channel, Purpose purpose, String address) {
        return gate.check(new ConsentGate.Ask(tenant.id(), UUID.fromString(profileId), channel, purpose, address,
                null, Instant.now()));
    }

    private ApiClient.Response record(String profileId, Map<String, Object> body) {
        return tenant.admin().post("/api/v1/profiles/" + profileId + "/consents", body);
    }

    private String sale(String email, String phone, boolean emailMarketing) {
        String transactionId = "T-" + UUID.randomUUID();
        Map<String, Object> sale = new HashMap<>();
        sale.put("transactionId", transactionId);
        sale.put("store", "BER-1");
        sale.put("staff", "staff-17");
        sale.put("occurredAt", Instant.now().minusSeconds(60).toString());
        sale.put("currency", "EUR");
        sale.put("lines", List.of(Map.of("sku", "SKU-1", "quantity", 1, "unitPrice", 999)));
        sale.put("tax", 160);
        sale.put("total", 999);
        sale.put("customer", Map.of("email", email, "phone", phone));
        sale.put("receipt", "email");
        sale.put("consents", List.of(Map.of("channel", "email", "purpose", "marketing", "granted", emailMarketing,
                "wordingVersion", "till-2026-01")));
        var response = till.post("/api/v1/transactions", sale);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        awaitResolved(tenant.id());
        return profileId(email);
    }

    private String profileWith(String email) {
        var response = anonymous.bearer(tenant.createKey("events", null, "events:write")).post("/api/v1/events",
                Map.of("eventId", "e-" + UUID.randomUUID(), "type", "loyalty.signup", "occurredAt",
                        Instant.now().minusSeconds(600).toString(), "identifiers", Map.of("email", email)));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        awaitResolved(tenant.id());
        return profileId(email);
    }

    private String profileId(String email) {
        JsonNode found = tenant.admin().get("/api/v1/profiles?email="
                + URLEncoder.encode(email, StandardCharsets.UTF_8)).json().get("items");
        assertThat(found).hasSize(1);
        return found.get(0).get("id").asString();
    }

    private JsonNode awaitConsents(String profileId, Predicate<JsonNode> until) {
        long deadline = System.currentTimeMillis() + 15_000;
        JsonNode view = null;
        while (System.currentTimeMillis() < deadline) {
            view = tenant.admin().get("/api/v1/profiles/" + profileId + "/consents").json();
            if (until.test(view)) {
                return view;
            }
            sleep(100);
        }
        throw new AssertionError("consents did not arrive: " + view);
    }

    static String status(JsonNode view, String channel, String purpose) {
        for (JsonNode current : view.get("current")) {
            if (current.get("channel").asString().equals(channel) && current.get("purpose").asString().equals(purpose)) {
                return current.get("status").asString();
            }
        }
        throw new AssertionError("no " + channel + "/" + purpose + " in " + view);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
