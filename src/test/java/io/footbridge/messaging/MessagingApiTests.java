package io.footbridge.messaging;

import io.footbridge.ApiClient;
import io.footbridge.ApiTest;
import io.footbridge.consent.Channel;
import io.footbridge.consent.Purpose;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

class MessagingApiTests extends ApiTest {

    @Autowired
    private Messages messages;
    @Autowired
    private TransactionTemplate transaction;

    private TestTenant tenant;
    private ApiClient api;
    private String domain;

    @BeforeEach
    void tenantWithTemplates() {
        tenant = newTenant();
        tenant.createStore("BER-1");
        api = anonymous.bearer(tenant.createKey("crm", null, "messages:write", "messages:read", "profiles:write",
                "profiles:read"));
        domain = "m" + UUID.randomUUID().toString().substring(0, 8) + ".example.com";
        var saved = tenant.admin().put("/api/v1/message-templates/welcome/email/en", Map.of(
                "subject", "Hello {{firstName}}",
                "html", "<p>Hello {{firstName}},</p><p>See <a href=\"https://shop.example.com/new?x=1\">what is new</a>.</p>"));
        assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
        tenant.admin().put("/api/v1/message-templates/welcome/sms/en", Map.of(
                "text", "Hi {{firstName}}, new in store: https://shop.example.com/new"));
    }

    @Test
    void theQueuedCountHasAMessageUntilItGoesOutAndOnlyItsTenants() throws Exception {
        String to = "queued@" + domain;
        UUID other = newTenant().id();
        long inTransaction = transaction.execute(tx -> {
            messages.send(new Messages.Outgoing(tenant.id(), null, Channel.EMAIL, Purpose.SERVICE, to, "welcome",
                    "en", Map.of("firstName", "Ada"), null, null, "test"));
            return messages.queued(tenant.id());
        });

        assertThat(inTransaction).as("queued, not sent before its transaction commits").isEqualTo(1);
        assertThat(messages.queued(other)).as("another tenant's count").isZero();
        awaitMail(to);
        long deadline = System.currentTimeMillis() + 15_000;
        while (messages.queued(tenant.id()) > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertThat(messages.queued(tenant.id())).as("gone out").isZero();
    }

    @Test
    void aServiceEmailGoesOverSmtpWithATextAndAnHtmlPartAndItsOwnMessageId() throws Exception {
        String to = "lena@" + domain;
        var sent = api.post("/api/v1/messages", Map.of("to", to, "channel", "email", "purpose", "service",
                "template", "welcome", "variables", Map.of("firstName", "Lena <b>")));

        assertThat(sent.status()).as(sent.toString()).isEqualTo(202);
        String id = sent.json().get("messageId").asString();
        MimeMessage mail = awaitMail(to);
        assertThat(mail.getSubject()).isEqualTo("Hello Lena <b>");
        assertThat(mail.getHeader("Message-ID")[0]).isEqualTo("<" + id + "@footbridge>");
        assertThat(mail.getHeader("List-Unsubscribe")).as("service mail has no unsubscribe").isNull();
        String html = mailPart(mail, "text/html");
        String text = mailPart(mail, "text/plain");
        assertThat(html).contains("Hello Lena &lt;b&gt;,").doesNotContain("Lena <b>");
        assertThat(text).contains("Hello Lena <b>,").contains("what is new (https://shop.example.com/new?x=1)");
        JsonNode message = awaitMessage(id, m -> m.get("message").get("status").asString().equals("sent"));
        assertThat(message.get("message").get("provider").asString()).isEqualTo("smtp");
    }

    @Test
    void marketingWithoutConsentIsBlockedWithTheReasonAndNeverSent() {
        String to = "nobody@" + domain;
        var blocked = api.post("/api/v1/messages", Map.of("to", to, "channel", "email", "purpose", "marketing",
                "template", "welcome", "variables", Map.of("firstName", "N")));

        assertThat(blocked.status()).as(blocked.toString()).isEqualTo(422);
        assertThat(blocked.json().get("type").asString()).endsWith("/message-blocked");
        assertThat(blocked.json().get("reason").asString()).isEqualTo("no_consent");
        String id = blocked.json().get("messageId").asString();
        assertThat(api.get("/api/v1/messages/" + id).json().get("message").get("status").asString()).isEqualTo("blocked");
        sleep(500);
        assertThat(mailsTo(to)).isEmpty();
    }

    @Test
    void marketingEmailCarriesOneClickUnsubscribeThatWithdrawsAndStopsTheNext() throws Exception {
        String to = "mia@" + domain;
        String profile = profileWith(to);
        grant(profile, "email");
        var sent = api.post("/api/v1/messages", Map.of("profileId", profile, "channel", "email", "purpose",
                "marketing", "template", "welcome", "variables", Map.of("firstName", "Mia")));
        assertThat(sent.status()).as(sent.toString()).isEqualTo(202);

        MimeMessage mail = awaitMail(to);
        String unsubscribe = mail.getHeader("List-Unsubscribe")[0];
        assertThat(unsubscribe).startsWith("<http").endsWith(">");
        assertThat(mail.getHeader("List-Unsubscribe-Post")[0]).isEqualTo("List-Unsubscribe=One-Click");
        assertThat(mailPart(mail, "text/html")).contains("/preferences/");
        String url = unsubscribe.substring(1, unsubscribe.length() - 1);

        var tampered = postForm(url.substring(0, url.length() - 3) + "abc", "List-Unsubscribe=One-Click");
        assertThat(tampered.status()).isEqualTo(400);
        var scanner = anonymous.send(HttpRequest.newBuilder(URI.create(url)).GET());
        assertThat(scanner.status()).as("a GET only asks").isEqualTo(200);
        assertThat(status(profile, "email", "marketing")).isEqualTo("granted");

        var oneClick = postForm(url, "List-Unsubscribe=One-Click");
        var again = postForm(url, "List-Unsubscribe=One-Click");
        assertThat(oneClick.status()).isEqualTo(200);
        assertThat(again.status()).isEqualTo(200);
        JsonNode consents = tenant.admin().get("/api/v1/profiles/" + profile + "/consents").json();
        assertThat(consents.get("history")).as("the replay adds no line").hasSize(2);
        JsonNode line = consents.get("history").get(0);
        assertThat(line.get("status").asString()).isEqualTo("withdrawn");
        assertThat(line.get("source").asString()).isEqualTo("unsubscribe");
        assertThat(line.get("evidence").get("method").asString()).isEqualTo("one-click");
        assertThat(line.get("evidence").get("messageId").asString()).isEqualTo(sent.json().get("messageId").asString());

        var next = api.post("/api/v1/messages", Map.of("profileId", profile, "channel", "email", "purpose",
                "marketing", "template", "welcome", "variables", Map.of("firstName", "Mia")));
        assertThat(next.status()).isEqualTo(422);
        assertThat(next.json().get("reason").asString()).isEqualTo("withdrawn");
    }

    @Test
    void aMissingVariableOrAnUnknownTemplateIsRefusedAndNothingIsQueued() {
        var missing = api.post("/api/v1/messages", Map.of("to", "x@" + domain, "channel", "email",
                "purpose", "service", "template", "welcome", "variables", Map.of()));
        var unknown = api.post("/api/v1/messages", Map.of("to", "x@" + domain, "channel", "email",
                "purpose", "service", "template", "nope"));
        var badAddress = api.post("/api/v1/messages", Map.of("to", "not an address", "channel", "email",
                "purpose", "service", "template", "welcome", "variables", Map.of("firstName", "X")));
        var badTemplate = tenant.admin().put("/api/v1/message-templates/broken/email/en", Map.of(
                "subject", "Hi {{#open}}", "html", "<p>x</p>"));

        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.errorFields()).containsExactly("variables.firstName");
        assertThat(unknown.errorFields()).containsExactly("template");
        assertThat(badAddress.errorFields()).containsExactly("to");
        assertThat(badTemplate.errorFields()).containsExactly("subject");
        assertThat(api.get("/api/v1/messages").json().get("items")).isEmpty();
        var badLimit = api.get("/api/v1/messages?limit=0");
        assertThat(badLimit.status()).as(badLimit.toString()).isEqualTo(400);
        assertThat(badLimit.errorFields()).containsExactly("limit");
        var longKey = api.send(api.request("/api/v1/messages").header("Content-Type", "application/json")
                .header("Idempotency-Key", "k".repeat(101)).POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"to\":\"x@" + domain + "\",\"channel\":\"email\",\"purpose\":\"service\","
                                + "\"template\":\"welcome\",\"variables\":{\"firstName\":\"X\"}}")));
        assertThat(longKey.status()).as(longKey.toString()).isEqualTo(400);
    }

    @Test
    void aPreviewShowsTheBrandedEmailAndNamesAMissingVariable() {
        var preview = api.post("/api/v1/message-templates/welcome/preview", Map.of("channel", "email",
                "purpose", "marketing", "variables", Map.of("firstName", "Ava")));
        var missing = api.post("/api/v1/message-templates/welcome/preview", Map.of("channel", "email"));

        assertThat(preview.status()).as(preview.toString()).isEqualTo(200);
        assertThat(preview.json().get("subject").asString()).isEqualTo("Hello Ava");
        assertThat(preview.json().get("html").asString()).contains("Hello Ava,", "/preferences/example");
        assertThat(preview.json().get("text").asString()).contains("Hello Ava,");
        assertThat(missing.errorFields()).containsExactly("variables.firstName");
    }

    @Test
    void smsGoesOnlyToMobilesAndMarketingSmsSaysHowToStop() {
        String profile = profileWithPhone("sms-" + UUID.randomUUID() + "@" + domain, "+4915112345678");
        grant(profile, "sms");
        var landline = api.post("/api/v1/messages", Map.of("to", "+49 30 1234567", "channel", "sms",
                "purpose", "service", "template", "welcome", "variables", Map.of("firstName", "Li")));
        var sent = api.post("/api/v1/messages", Map.of("profileId", profile, "channel", "sms", "purpose",
                "marketing", "template", "welcome", "variables", Map.of("firstName", "Li")));

        assertThat(landline.errorFields()).containsExactly("to");
        assertThat(sent.status()).as(sent.toString()).isEqualTo(202);
        JsonNode message = awaitMessage(sent.json().get("messageId").asString(),
                m -> m.get("message").get("status").asString().equals("sent"));
        assertThat(message.get("message").get("provider").asString()).isEqualTo("twilio");
        assertThat(message.get("message").get("to").asString()).isEqualTo("+4915112345678");
        assertThat(message.get("text").asString()).startsWith("Hi Li, new in store: http")
                .contains("/m/c/").endsWith("Reply STOP to opt out.");
        // what went over the wire is the message as stored, and nothing went to the landline
        var wire = PROVIDERS.awaitSms("+4915112345678", 1);
        assertThat(wire).hasSize(1);
        assertThat(wire.get(0).form().get("Body")).isEqualTo(message.get("text").asString());
        assertThat(PROVIDERS.sms("+49301234567")).isEmpty();
        assertThat(api.get("/api/v1/messages?provider=outbox").json().get("items")).isEmpty();
    }

    @Test
    void aClickIsCountedPutOnTheTimelineAndRedirectedAndAnOpenIsRecorded() throws Exception {
        String to = "click@" + domain;
        String profile = profileWith(to);
        var sent = api.post("/api/v1/messages", Map.of("profileId", profile, "channel", "email", "purpose",
                "service", "template", "welcome", "variables", Map.of("firstName", "C")));
        String id = sent.json().get("messageId").asString();
        String html = mailPart(awaitMail(to), "text/html");
        String tracked = hrefs(html).stream().filter(h -> h.contains("/m/c/")).findFirst().orElseThrow();
        String pixel = html.substring(html.indexOf("/m/o/") - 40).replaceAll("(?s).*src=\"([^\"]+)\".*", "$1");

        var click = anonymous.send(HttpRequest.newBuilder(URI.create(tracked)).GET());
        anonymous.send(HttpRequest.newBuilder(URI.create(tracked)).GET());
        var open = anonymous.sendBytes(HttpRequest.newBuilder(URI.create(pixel)).GET());

        assertThat(click.status()).isEqualTo(302);
        assertThat(click.header("Location")).isEqualTo("https://shop.example.com/new?x=1");
        assertThat(open.statusCode()).isEqualTo(200);
        assertThat(open.headers().firstValue("Content-Type").orElse("")).isEqualTo("image/gif");
        JsonNode message = api.get("/api/v1/messages/" + id).json();
        assertThat(message.get("message").get("status").asString()).isEqualTo("clicked");
        assertThat(message.get("links").get(0).get("clicks").asInt()).isEqualTo(2);
        assertThat(message.get("message").get("openedAt").isNull()).isFalse();
        awaitResolved(tenant.id());
        JsonNode timeline = tenant.admin().get("/api/v1/profiles/" + profile + "/timeline").json().get("items");
        assertThat(timeline.valueStream().map(e -> e.get("type").asString()).toList())
                .containsOnlyOnce("message.clicked");
        var unknown = anonymous.send(HttpRequest.newBuilder(URI.create(tracked.replaceAll("/m/c/.*", "/m/c/zzzz")))
                .GET());
        assertThat(unknown.status()).isEqualTo(404);
    }

    @Test
    void theSameIdempotencyKeyQueuesOneMessage() throws Exception {
        String to = "once@" + domain;
        String key = "welcome-" + UUID.randomUUID();
        var statuses = concurrently(5, () -> api.send(api.request("/api/v1/messages")
                .header("Content-Type", "application/json").header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString("{\"to\":\"" + to + "\",\"channel\":\"email\","
                        + "\"purpose\":\"service\",\"template\":\"welcome\",\"variables\":{\"firstName\":\"O\"}}")))
                .status());

        assertThat(statuses).containsOnlyOnce(202).containsOnly(202, 200);
        awaitMail(to);
        sleep(500);
        assertThat(mailsTo(to)).hasSize(1);
    }

    @Test
    void aPermissionWithdrawnWhileTheMessageWaitedStopsIt() {
        String to = "held@" + domain;
        String profile = profileWith(to);
        grant(profile, "email");
        tenant.admin().put("/api/v1/consent/policy", Map.of("doubleOptInEmail", false, "timeZone", "UTC",
                "quietHours", Map.of("start", "00:00", "end", "23:59")));
        var held = api.post("/api/v1/messages", Map.of("profileId", profile, "channel", "email", "purpose",
                "marketing", "template", "welcome", "variables", Map.of("firstName", "H")));
        assertThat(held.status()).as(held.toString()).isEqualTo(202);
        String id = held.json().get("messageId").asString();
        assertThat(api.get("/api/v1/messages/" + id).json().get("message").get("reason").asString())
                .startsWith("held: quiet hours");

        tenant.admin().post("/api/v1/profiles/" + profile + "/consents", Map.of("channel", "email",
                "purpose", "marketing", "granted", false, "source", "phone_call"));
        jdbc.sql("UPDATE message SET due_at = CURRENT_TIMESTAMP WHERE id = :id").param("id", UUID.fromString(id)).update();
        tenant.admin().put("/api/v1/consent/policy", Map.of("doubleOptInEmail", false, "timeZone", "UTC"));

        JsonNode message = awaitMessage(id, m -> m.get("message").get("status").asString().equals("blocked"));
        assertThat(message.get("message").get("reason").asString()).startsWith("withdrawn");
        assertThat(mailsTo(to)).isEmpty();
    }

    @Test
    void doubleOptInSendsAConfirmationAndOnlyTheClickGrants() throws Exception {
        tenant.admin().put("/api/v1/consent/policy", Map.of("doubleOptInEmail", true, "timeZone", "UTC"));
        String to = "doi@" + domain;
        String profile = profileWith(to);
        var recorded = tenant.admin().post("/api/v1/profiles/" + profile + "/consents", Map.of("channel", "email",
                "purpose", "marketing", "granted", true, "source", "form"));

        assertThat(recorded.json().get("status").asString()).isEqualTo("pending");
        MimeMessage mail = awaitMail(to);
        assertThat(mail.getSubject()).startsWith("Please confirm");
        String confirm = hrefs(mailPart(mail, "text/html")).stream().filter(h -> h.contains("/m/c/")).findFirst()
                .orElseThrow();
        var followed = anonymous.send(HttpRequest.newBuilder(URI.create(confirm)).GET());
        String page = followed.header("Location");
        assertThat(page).contains("/consent/confirm/");
        assertThat(anonymous.send(HttpRequest.newBuilder(URI.create(page)).GET()).status()).isEqualTo(200);
        assertThat(status(profile, "email", "marketing")).as("opening the page is not consent").isEqualTo("pending");
        var blocked = api.post("/api/v1/messages", Map.of("profileId", profile, "channel", "email", "purpose",
                "marketing", "template", "welcome", "variables", Map.of("firstName", "D")));
        assertThat(blocked.json().get("reason").asString()).isEqualTo("pending_confirmation");

        var confirmed = postForm(page, "");
        assertThat(confirmed.status()).isEqualTo(200);
        assertThat(status(profile, "email", "marketing")).isEqualTo("granted");
        JsonNode line = tenant.admin().get("/api/v1/profiles/" + profile + "/consents").json().get("history").get(0);
        assertThat(line.get("source").asString()).isEqualTo("double_opt_in");
        assertThat(line.get("evidence").get("ip").asString()).isNotBlank();
        var tampered = anonymous.send(HttpRequest.newBuilder(URI.create(page + "x")).GET());
        assertThat(tampered.status()).isEqualTo(400);
    }

    @Test
    void thePreferenceCentreShowsAndChangesEachChannel() throws Exception {
        String to = "prefs@" + domain;
        String profile = profileWithPhone(to, "+4915199887766");
        grant(profile, "email");
        var sent = api.post("/api/v1/messages", Map.of("profileId", profile, "channel", "email", "purpose",
                "marketing", "template", "welcome", "variables", Map.of("firstName", "P")));
        assertThat(sent.status()).isEqualTo(202);
        String preferences = hrefs(mailPart(awaitMail(to), "text/html")).stream()
                .filter(h -> h.contains("/preferences/")).findFirst().orElseThrow();

        var page = anonymous.send(HttpRequest.newBuilder(URI.create(preferences)).GET());
        assertThat(page.raw().body()).contains("name=\"email\"", "name=\"sms\"", "name=\"whatsapp\"", "checked");
        var saved = postForm(preferences, "sms=on");

        assertThat(saved.status()).isEqualTo(200);
        assertThat(saved.raw().body()).contains("Your choices are saved.");
        assertThat(status(profile, "email", "marketing")).isEqualTo("withdrawn");
        assertThat(status(profile, "sms", "marketing")).isEqualTo("granted");
        assertThat(status(profile, "whatsapp", "marketing")).isEqualTo("none");
    }

    @Test
    void aBounceSuppressesTheAddressAndAReplayedReportChangesNothing() throws Exception {
        String to = "bounce@" + domain;
        var sent = api.post("/api/v1/messages", Map.of("to", to, "channel", "email", "purpose", "service",
                "template", "welcome", "variables", Map.of("firstName", "B")));
        String id = sent.json().get("messageId").asString();
        awaitMail(to);

        var first = api.post("/api/v1/messages/" + id + "/events", Map.of("status", "bounced",
                "detail", "550 5.1.1 user unknown", "reportId", "dsn-1"));
        var replay = api.post("/api/v1/messages/" + id + "/events", Map.of("status", "bounced",
                "detail", "550 5.1.1 user unknown", "reportId", "dsn-1"));
        var wrong = api.post("/api/v1/messages/" + id + "/events", Map.of("status", "exploded"));
        var foreign = anonymous.bearer(newTenant().createKey("k", null, "messages:write"))
                .post("/api/v1/messages/" + id + "/events", Map.of("status", "delivered"));

        assertThat(first.status()).isEqualTo(201);
        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.json().get("recorded").asBoolean()).isFalse();
        assertThat(wrong.errorFields()).containsExactly("status");
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(api.get("/api/v1/messages/" + id).json().get("message").get("status").asString()).isEqualTo("bounced");
        var next = api.post("/api/v1/messages", Map.of("to", to, "channel", "email", "purpose", "service",
                "template", "welcome", "variables", Map.of("firstName", "B")));
        assertThat(next.json().get("reason").asString()).isEqualTo("suppressed");
    }

    @Test
    void templatesAndVariablesThatCannotMakeAGoodMessageAreRefusedByName() {
        var partial = tenant.admin().put("/api/v1/message-templates/footer/email/en", Map.of(
                "subject", "Hi", "html", "<p>Hi</p>{{> footer}}"));
        var nul = api.post("/api/v1/messages", Map.of("to", "n@" + domain, "channel", "email", "purpose",
                "service", "template", "welcome", "variables", Map.of("firstName", "a\u0000b")));
        var huge = api.post("/api/v1/messages", Map.of("to", "n@" + domain, "channel", "email", "purpose",
                "service", "template", "welcome", "variables", Map.of("firstName", "x".repeat(1000))));
        var storeBound = anonymous.bearer(tenant.createKey("store", "BER-1", "messages:read")).get("/api/v1/messages");

        assertThat(partial.errorFields()).containsExactly("html");
        assertThat(nul.errorFields()).containsExactly("variables.firstName");
        assertThat(huge.errorFields()).as("a subject over 998 characters").containsExactly("variables");
        assertThat(storeBound.status()).isEqualTo(403);
        assertThat(api.get("/api/v1/messages").json().get("items")).isEmpty();
    }

    @Test
    void aLinkThatIsNotAUrlIsLeftAsWrittenRatherThanBehindABrokenRedirect() {
        tenant.admin().put("/api/v1/message-templates/odd/sms/en", Map.of(
                "text", "See https://shop.example.com/a|b and https://shop.example.com/ok"));
        var sent = api.post("/api/v1/messages", Map.of("to", "+4915112345679", "channel", "sms", "purpose",
                "service", "template", "odd"));

        assertThat(sent.status()).as(sent.toString()).isEqualTo(202);
        JsonNode message = api.get("/api/v1/messages/" + sent.json().get("messageId").asString()).json();
        assertThat(message.get("text").asString()).contains("https://shop.example.com/a|b").contains("/m/c/");
        assertThat(message.get("links")).hasSize(1);
    }

    // --- helpers

    private void grant(String profile, String channel) {
        var granted = tenant.admin().post("/api/v1/profiles/" + profile + "/consents", Map.of("channel", channel,
                "purpose", "marketing", "granted", true, "source", "form"));
        assertThat(granted.status()).as(granted.toString()).isEqualTo(201);
    }

    private String status(String profile, String channel, String purpose) {
        JsonNode view = tenant.admin().get("/api/v1/profiles/" + profile + "/consents").json();
        for (JsonNode current : view.get("current")) {
            if (current.get("channel").asString().equals(channel) && current.get("purpose").asString().equals(purpose)) {
                return current.get("status").asString();
            }
        }
        throw new AssertionError(view.toString());
    }

    private String profileWith(String email) {
        return profileWithIdentifiers(Map.of("email", email));
    }

    private String profileWithPhone(String email, String phone) {
        return profileWithIdentifiers(Map.of("email", email, "phone", phone));
    }

    private String profileWithIdentifiers(Map<String, String> identifiers) {
        var response = anonymous.bearer(tenant.createKey("events", null, "events:write")).post("/api/v1/events",
                Map.of("eventId", "e-" + UUID.randomUUID(), "type", "loyalty.signup", "occurredAt",
                        Instant.now().minusSeconds(600).toString(), "identifiers", identifiers));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        awaitResolved(tenant.id());
        JsonNode found = tenant.admin().get("/api/v1/profiles?email="
                + URLEncoder.encode(identifiers.get("email"), StandardCharsets.UTF_8)).json().get("items");
        return found.get(0).get("id").asString();
    }

    private ApiClient.Response postForm(String url, String body) {
        return anonymous.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private JsonNode awaitMessage(String id, Predicate<JsonNode> until) {
        long deadline = System.currentTimeMillis() + 15_000;
        JsonNode message = null;
        while (System.currentTimeMillis() < deadline) {
            message = api.get("/api/v1/messages/" + id).json();
            if (until.test(message)) {
                return message;
            }
            sleep(50);
        }
        throw new AssertionError("message did not get there: " + message);
    }

    static MimeMessage awaitMail(String to) throws Exception {
        return awaitMail(to, java.time.Duration.ofSeconds(15));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
