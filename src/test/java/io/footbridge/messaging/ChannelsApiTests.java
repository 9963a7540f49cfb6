package io.footbridge.messaging;

import io.footbridge.ApiClient;
import io.footbridge.ApiTest;
import io.footbridge.FakeProviders;
import io.footbridge.consent.Channel;
import io.footbridge.consent.ConsentGate;
import io.footbridge.consent.HelpRequests;
import io.footbridge.consent.Purpose;
import io.footbridge.platform.PersonalData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SMS over Twilio's API and WhatsApp over the Cloud API (both the fake server in {@link ApiTest}), their webhooks
 * signed exactly as Twilio and Meta sign them, keywords and the service inbox.
 */
class ChannelsApiTests extends ApiTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    private List<PersonalData> personalData;
    @Autowired
    private ConsentGate gate;

    private TestTenant tenant;
    private ApiClient api;
    /** The tenant's own SMS number and WhatsApp phone number id, where inbound messages find it. */
    private String smsNumber;
    private String waNumber;

    @BeforeEach
    void tenantWithNumbers() {
        tenant = newTenant();
        api = anonymous.bearer(tenant.createKey("crm", null, "messages:write", "messages:read", "profiles:write",
                "profiles:read"));
        smsNumber = number();
        waNumber = String.valueOf(100_000_000_000_000L + RANDOM.nextInt(1_000_000_000));
        var senders = installer.put("/api/v1/messaging/senders?tenant=" + tenant.id(), Map.of("smsFrom", smsNumber,
                "whatsappNumber", waNumber));
        assertThat(senders.status()).as(senders.toString()).isEqualTo(200);
    }

    // --- SMS out

    @Test
    void smsGoesToTwilioAsAFormFromTheTenantsNumberWithBasicAuthAndAStatusCallback() {
        String to = number();
        var sent = api.post("/api/v1/messages", Map.of("to", to, "channel", "sms", "purpose", "service",
                "template", "inbox.reply", "variables", Map.of("text", "Your order is ready & waiting")));
        assertThat(sent.status()).as(sent.toString()).isEqualTo(202);

        FakeProviders.Request request = PROVIDERS.awaitSms(to, 1).get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/2010-04-01/Accounts/" + TWILIO_ACCOUNT + "/Messages.json");
        assertThat(request.header("Authorization")).isEqualTo("Basic " + Base64.getEncoder()
                .encodeToString((TWILIO_ACCOUNT + ":" + TWILIO_TOKEN).getBytes(StandardCharsets.UTF_8)));
        assertThat(request.header("Content-Type")).startsWith("application/x-www-form-urlencoded");
        assertThat(request.form()).containsExactlyInAnyOrderEntriesOf(Map.of("To", to, "From", smsNumber,
                "Body", "Your order is ready & waiting",
                "StatusCallback", "http://localhost:" + port + "/hooks/twilio/status?m="
                        + sent.json().get("messageId").asString()));
        String id = sent.json().get("messageId").asString();
        JsonNode message = awaitMessage(id, m -> status(m).equals("sent"));
        assertThat(message.get("message").get("provider").asString()).isEqualTo("twilio");
        assertThat(providerId(id)).startsWith("SM");
    }

    @Test
    void aTenantWithoutItsOwnNumberSendsFromTheInstallationsNumber() {
        TestTenant other = newTenant();
        ApiClient otherApi = anonymous.bearer(other.createKey("crm", null, "messages:write"));
        String to = number();
        var sent = otherApi.post("/api/v1/messages", Map.of("to", to, "channel", "sms", "purpose", "service",
                "template", "inbox.reply", "variables", Map.of("text", "Hello")));
        assertThat(sent.status()).as(sent.toString()).isEqualTo(202);

        assertThat(PROVIDERS.awaitSms(to, 1).get(0).form().get("From")).isEqualTo(TWILIO_FROM);
    }

    @Test
    void aBusyTwilioIsTriedAgainAfterItsRetryAfterAndTheMessageGoesOnce() {
        String to = number();
        PROVIDERS.answer(to, new FakeProviders.Answer(503, "{\"code\":20500,\"status\":503}",
                Map.of("Retry-After", "1")));
        String id = sendSms(to);

        JsonNode message = awaitMessage(id, m -> status(m).equals("sent"));
        assertThat(PROVIDERS.sms(to)).hasSize(2);
        assertThat(message.get("message").get("attempts").asInt()).isEqualTo(2);
        assertThat(message.get("events").valueStream().map(e -> e.get("detail").asString(""))
                .anyMatch(d -> d.contains("Twilio answered 503"))).isTrue();
    }

    @Test
    void aNumberTwilioCallsNotAMobileFailsAndIsSuppressed() {
        String to = number();
        PROVIDERS.answer(to, new FakeProviders.Answer(400, "{\"code\":21614,\"message\":\"'To' number " + to
                + " is not a valid mobile number\",\"status\":400}", Map.of()));
        String id = sendSms(to);

        JsonNode message = awaitMessage(id, m -> status(m).equals("failed"));
        assertThat(message.get("message").get("reason").asString()).contains("21614").doesNotContain(to);
        var next = api.post("/api/v1/messages", Map.of("to", to, "channel", "sms", "purpose", "service",
                "template", "inbox.reply", "variables", Map.of("text", "again")));
        assertThat(next.status()).isEqualTo(422);
        assertThat(next.json().get("reason").asString()).isEqualTo("suppressed");
        assertThat(PROVIDERS.sms(to)).hasSize(1);
    }

    @Test
    void aRecipientWhoRepliedStopAtTheCarrierIsWithdrawnInTheLedger() {
        String to = number();
        PROVIDERS.answer(to, new FakeProviders.Answer(400, "{\"code\":21610,\"status\":400}", Map.of()));
        String id = sendSms(to);

        awaitMessage(id, m -> status(m).equals("failed"));
        JsonNode service = check("sms", "service", to);
        assertThat(service.get("allowed").asBoolean()).isFalse();
        assertThat(service.get("reason").asString()).isEqualTo("withdrawn");
        assertThat(service.get("detail").asString()).contains("twilio_opt_out");
        assertThat(check("sms", "marketing", to).get("reason").asString()).isEqualTo("withdrawn");
    }

    @Test
    void aMarketingSmsThatMerelyContainsTheLettersStopStillSaysHowToOptOut() {
        tenant.admin().put("/api/v1/message-templates/nonstop/sms/en", Map.of(
                "text", "Our one-stop shop is open non-stop this weekend!"));
        tenant.admin().put("/api/v1/message-templates/stoptold/sms/en", Map.of(
                "text", "20% off today. Text STOP to end."));
        String phone = number();
        grantSmsMarketing(profileWithPhone(phone));

        api.post("/api/v1/messages", Map.of("to", phone, "channel", "sms", "purpose", "marketing",
                "template", "nonstop"));
        api.post("/api/v1/messages", Map.of("to", phone, "channel", "sms", "purpose", "marketing",
                "template", "stoptold"));

        List<String> bodies = PROVIDERS.awaitSms(phone, 2).stream().map(r -> r.form().get("Body")).toList();
        assertThat(bodies).containsExactlyInAnyOrder(
                "Our one-stop shop is open non-stop this weekend! Reply STOP to opt out.",
                "20% off today. Text STOP to end.");
    }

    // --- Twilio status callbacks

    @Test
    void statusCallbacksMustBeSignedAndEachIsRecordedOnce() {
        String to = number();
        String id = sendSms(to);
        awaitMessage(id, m -> status(m).equals("sent"));
        String sid = providerId(id);
        Map<String, String> delivered = Map.of("MessageSid", sid, "MessageStatus", "delivered",
                "AccountSid", TWILIO_ACCOUNT, "To", to, "From", smsNumber);

        var forged = twilio("/hooks/twilio/status", delivered, sign("/hooks/twilio/status",
                Map.of("MessageSid", sid, "MessageStatus", "delivered")));
        var unsigned = twilio("/hooks/twilio/status", delivered, null);
        var otherKey = twilio("/hooks/twilio/status", delivered, "AAAAAAAAAAAAAAAAAAAAAAAAAAA=");
        assertThat(forged.status()).isEqualTo(403);
        assertThat(forged.json().get("type").asString()).endsWith("/webhook-signature");
        assertThat(unsigned.status()).isEqualTo(403);
        assertThat(otherKey.status()).isEqualTo(403);
        assertThat(status(api.get("/api/v1/messages/" + id).json())).isEqualTo("sent");

        var first = twilio("/hooks/twilio/status", delivered);
        var replay = twilio("/hooks/twilio/status", delivered);
        assertThat(first.status()).isEqualTo(200);
        assertThat(replay.status()).isEqualTo(200);
        assertThat(status(api.get("/api/v1/messages/" + id).json())).isEqualTo("delivered");
        assertThat(events(id, "delivered")).isEqualTo(1);

        var late = twilio("/hooks/twilio/status", Map.of("MessageSid", sid, "MessageStatus", "sent"));
        assertThat(late.status()).isEqualTo(200);
        assertThat(status(api.get("/api/v1/messages/" + id).json())).as("a late sent does not go back")
                .isEqualTo("delivered");
    }

    @Test
    void aReportThatArrivesBeforeTheSendIsRecordedIsNotLost() {
        String to = number();
        String sid = "SM" + UUID.randomUUID().toString().replace("-", "");
        // Twilio reports delivery while our worker still waits for its answer to the send
        PROVIDERS.answer(to, new FakeProviders.Answer(201, "{\"sid\":\"" + sid + "\",\"status\":\"queued\"}",
                Map.of(), request -> {
                    String callback = request.form().get("StatusCallback");
                    String path = callback.substring(callback.indexOf("/hooks/"));
                    var early = twilio(path, Map.of("MessageSid", sid, "MessageStatus", "delivered"));
                    assertThat(early.status()).isEqualTo(200);
                }));

        String id = sendSms(to);

        JsonNode message = awaitMessage(id, m -> status(m).equals("delivered"));
        assertThat(message.get("message").get("deliveredAt").isNull()).isFalse();
        assertThat(providerId(id)).isEqualTo(sid);
        assertThat(events(id, "delivered")).isEqualTo(1);
    }

    @Test
    void anSmsWhoseSendGotNoAnswerIsNeverSentAgain() throws Exception {
        String to = number();
        PROVIDERS.answer(to, new FakeProviders.Answer(201, "{\"sid\":\"SMlate\"}", Map.of(), request -> {
            try {
                Thread.sleep(4_000); // longer than the 3 s the tests give Twilio
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));

        String id = sendSms(to);

        JsonNode message = awaitMessage(id, m -> status(m).equals("unknown"));
        assertThat(message.get("message").get("reason").asString()).contains("may have been sent");
        Thread.sleep(1_500);
        assertThat(PROVIDERS.sms(to)).as("not tried again").hasSize(1);
    }

    @Test
    void anUnknownMessageIsAnsweredOkAndCountedAndABadCallbackIsRefused() {
        double before = metric("footbridge_messaging_callbacks_total", "outcome=\"unknown\",provider=\"twilio\"");
        var unknown = twilio("/hooks/twilio/status", Map.of("MessageSid", "SM" + UUID.randomUUID().toString()
                .replace("-", ""), "MessageStatus", "delivered"));
        var missing = twilio("/hooks/twilio/status", Map.of("MessageStatus", "delivered"));

        assertThat(unknown.status()).isEqualTo(200);
        assertThat(metric("footbridge_messaging_callbacks_total", "outcome=\"unknown\",provider=\"twilio\""))
                .isEqualTo(before + 1);
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.errorFields()).containsExactly("MessageSid");
    }

    @Test
    void anUndeliveredSmsToAnUnknownNumberSuppressesIt() {
        String to = number();
        String id = sendSms(to);
        awaitMessage(id, m -> status(m).equals("sent"));

        var undelivered = twilio("/hooks/twilio/status", Map.of("MessageSid", providerId(id), "MessageStatus",
                "undelivered", "ErrorCode", "30005"));
        assertThat(undelivered.status()).isEqualTo(200);
        JsonNode message = api.get("/api/v1/messages/" + id).json();
        assertThat(status(message)).isEqualTo("failed");
        assertThat(message.get("message").get("reason").asString()).contains("30005");
        assertThat(check("sms", "service", to).get("reason").asString()).isEqualTo("suppressed");
    }

    // --- Inbound SMS and keywords

    @Test
    void aStopToTheSharedNumberReachesTheBrandThatWroteLastAndNoBrandMayClaimThatNumber() {
        TestTenant brand = newTenant();
        ApiClient brandApi = anonymous.bearer(brand.createKey("crm", null, "messages:write", "messages:read",
                "profiles:read"));
        String phone = number();
        var sent = brandApi.post("/api/v1/messages", Map.of("to", phone, "channel", "sms", "purpose", "service",
                "template", "inbox.reply", "variables", Map.of("text", "Your table is ready")));
        assertThat(sent.status()).as(sent.toString()).isEqualTo(202);
        assertThat(PROVIDERS.awaitSms(phone, 1).get(0).form().get("From")).isEqualTo(TWILIO_FROM);
        awaitMessageOf(brandApi, sent.json().get("messageId").asString(), "sent");

        var stop = twilio("/hooks/twilio/inbound", inbound(sid(), phone, TWILIO_FROM, "STOP"));
        var claim = installer.put("/api/v1/messaging/senders?tenant=" + brand.id(), Map.of("smsFrom", TWILIO_FROM));

        assertThat(stop.status()).isEqualTo(200);
        var check = brand.admin().post("/api/v1/consent/check", Map.of("channel", "sms", "purpose", "service",
                "address", phone));
        assertThat(check.json().get("reason").asString()).as(check.toString()).isEqualTo("withdrawn");
        assertThat(claim.status()).isEqualTo(409);
        assertThat(claim.json().get("type").asString()).endsWith("/sender-number-taken");
    }

    private void awaitMessageOf(ApiClient client, String id, String status) {
        for (int i = 0; i < 300; i++) {
            if (client.get("/api/v1/messages/" + id).json().get("message").get("status").asString().equals(status)) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new AssertionError("message " + id + " did not become " + status);
    }

    @Test
    void stopWithdrawsSmsMarketingAndServiceConfirmsOnceAndBlocksTheNextMarketing() {
        String phone = number();
        String profile = profileWithPhone(phone);
        grantSmsMarketing(profile);
        String sid = sid();

        var stop = twilio("/hooks/twilio/inbound", inbound(sid, phone, smsNumber, " Stop "));
        assertThat(stop.status()).isEqualTo(200);
        assertThat(stop.contentType()).startsWith("text/xml");
        assertThat(stop.raw().body()).contains("<Response/>");

        JsonNode consents = tenant.admin().get("/api/v1/profiles/" + profile + "/consents").json();
        JsonNode newest = consents.get("history").get(0);
        assertThat(newest.get("status").asString()).isEqualTo("withdrawn");
        assertThat(newest.get("source").asString()).isEqualTo("sms_keyword");
        assertThat(newest.get("evidence").get("keyword").asString()).isEqualTo("STOP");
        assertThat(newest.get("evidence").get("providerMessageId").asString()).isEqualTo(sid);
        assertThat(newest.get("evidence").get("messageId").asString()).isNotBlank();
        assertThat(current(consents, "sms", "marketing")).isEqualTo("withdrawn");
        assertThat(current(consents, "sms", "service")).isEqualTo("withdrawn");

        // the confirmation gets out although service messages are withdrawn now: it is the one that says so
        FakeProviders.Request confirmation = PROVIDERS.awaitSms(phone, 1).get(0);
        assertThat(confirmation.form().get("From")).isEqualTo(smsNumber);
        assertThat(confirmation.form().get("Body")).contains("unsubscribed", "START");

        var replay = twilio("/hooks/twilio/inbound", inbound(sid, phone, smsNumber, " Stop "));
        assertThat(replay.status()).isEqualTo(200);
        var marketing = api.post("/api/v1/messages", Map.of("profileId", profile, "channel", "sms", "purpose",
                "marketing", "template", "inbox.reply", "variables", Map.of("text", "Sale!")));
        var service = api.post("/api/v1/messages", Map.of("profileId", profile, "channel", "sms", "purpose",
                "service", "template", "inbox.reply", "variables", Map.of("text", "Receipt")));
        assertThat(marketing.status()).isEqualTo(422);
        assertThat(marketing.json().get("reason").asString()).isEqualTo("withdrawn");
        assertThat(service.json().get("reason").asString()).isEqualTo("withdrawn");
        sleep(500);
        assertThat(PROVIDERS.sms(phone)).as("one confirmation, nothing after").hasSize(1);
        assertThat(tenant.admin().get("/api/v1/profiles/" + profile + "/consents").json().get("history"))
                .as("the replayed STOP adds no line").hasSize(consents.get("history").size());
        assertThat(api.get("/api/v1/inbox").json().get("items")).as("keywords are not inbox items").isEmpty();
    }

    @Test
    void startGivesBackWhatStopTookAndSaysSoInTheBrandsLanguage() {
        tenant.admin().put("/api/v1/brand", Map.of("name", "Kaffeehaus Lena", "language", "de"));
        String phone = number();
        String profile = profileWithPhone(phone);
        grantSmsMarketing(profile);

        twilio("/hooks/twilio/inbound", inbound(sid(), phone, smsNumber, "STOPP"));
        PROVIDERS.awaitSms(phone, 1);
        var start = twilio("/hooks/twilio/inbound", inbound(sid(), phone, smsNumber, "start"));

        assertThat(start.status()).isEqualTo(200);
        JsonNode consents = tenant.admin().get("/api/v1/profiles/" + profile + "/consents").json();
        assertThat(current(consents, "sms", "marketing")).isEqualTo("granted");
        assertThat(current(consents, "sms", "service")).isEqualTo("granted");
        List<FakeProviders.Request> replies = PROVIDERS.awaitSms(phone, 2);
        assertThat(replies.get(0).form().get("Body")).startsWith("Kaffeehaus Lena: Sie haben sich abgemeldet");
        assertThat(replies.get(1).form().get("Body")).startsWith("Kaffeehaus Lena: Sie sind wieder angemeldet");
        var marketing = api.post("/api/v1/messages", Map.of("profileId", profile, "channel", "sms", "purpose",
                "marketing", "template", "inbox.reply", "variables", Map.of("text", "Sale!")));
        assertThat(marketing.status()).as(marketing.toString()).isEqualTo(202);
    }

    @Test
    void startDoesNotGiveBackMarketingThatWasWithdrawnSomewhereElse() {
        String phone = number();
        String profile = profileWithPhone(phone);
        grantSmsMarketing(profile);
        tenant.admin().post("/api/v1/profiles/" + profile + "/consents", Map.of("channel", "sms",
                "purpose", "marketing", "granted", false, "source", "phone_call"));

        twilio("/hooks/twilio/inbound", inbound(sid(), phone, smsNumber, "UNSTOP"));

        JsonNode consents = tenant.admin().get("/api/v1/profiles/" + profile + "/consents").json();
        assertThat(current(consents, "sms", "marketing")).isEqualTo("withdrawn");
        assertThat(current(consents, "sms", "service")).isEqualTo("granted");
    }

    @Test
    void yesIsAnOrdinaryAnswerForSomeoneWhoNeverOptedOut() {
        String phone = number();

        twilio("/hooks/twilio/inbound", inbound(sid(), phone, smsNumber, "Yes"));

        JsonNode items = api.get("/api/v1/inbox").json().get("items");
        assertThat(items).hasSize(1);
        assertThat(items.get(0).get("lastText").asString()).isEqualTo("Yes");
        sleep(300);
        assertThat(PROVIDERS.sms(phone)).isEmpty();
    }

    @Test
    void helpIsAnsweredWithTheBrandAndHowToStopAndChangesNothing() {
        String phone = number();

        var help = twilio("/hooks/twilio/inbound", inbound(sid(), phone, smsNumber, "help"));

        assertThat(help.status()).isEqualTo(200);
        String body = PROVIDERS.awaitSms(phone, 1).get(0).form().get("Body");
        assertThat(body).startsWith("Brand ").contains("STOP");
        assertThat(check("sms", "service", phone).get("allowed").asBoolean()).isTrue();
        assertThat(api.get("/api/v1/inbox").json().get("items")).isEmpty();
    }

    @Test
    void helpAfterStopIsStillAnsweredAndOpensNothingElse() {
        String phone = number();
        String profile = profileWithPhone(phone);
        grantSmsMarketing(profile);
        twilio("/hooks/twilio/inbound", inbound(sid(), phone, smsNumber, "STOP"));
        PROVIDERS.awaitSms(phone, 1);

        var help = twilio("/hooks/twilio/inbound", inbound(sid(), phone, smsNumber, "HILFE"));

        assertThat(help.status()).isEqualTo(200);
        String body = PROVIDERS.awaitSms(phone, 2).get(1).form().get("Body");
        assertThat(body).as("carriers require HELP to be answered after STOP").startsWith("Brand ").contains("STOP");
        JsonNode consents = tenant.admin().get("/api/v1/profiles/" + profile + "/consents").json();
        assertThat(current(consents, "sms", "service")).isEqualTo("withdrawn");
        var service = api.post("/api/v1/messages", Map.of("profileId", profile, "channel", "sms", "purpose",
                "service", "template", "inbox.reply", "variables", Map.of("text", "Receipt")));
        assertThat(service.json().get("reason").asString()).isEqualTo("withdrawn");
        UUID helpId = jdbc.sql("SELECT id FROM inbound_message WHERE from_address = :phone AND keyword = 'help'")
                .param("phone", phone).query(UUID.class).single();
        assertThat(gate.check(new ConsentGate.Ask(tenant.id(), null, Channel.SMS, Purpose.SERVICE, phone, null,
                null, HelpRequests.PREFIX + helpId)).reason()).isEqualTo(ConsentGate.Reason.ACKNOWLEDGEMENT);
        assertThat(gate.check(new ConsentGate.Ask(tenant.id(), null, Channel.SMS, Purpose.SERVICE, phone, null,
                null, HelpRequests.PREFIX + UUID.randomUUID())).reason()).as("a HELP that was never received")
                .isEqualTo(ConsentGate.Reason.WITHDRAWN);
        assertThat(gate.check(new ConsentGate.Ask(tenant.id(), null, Channel.SMS, Purpose.MARKETING, phone, null,
                null, HelpRequests.PREFIX + helpId)).reason()).as("only the service answer")
                .isEqualTo(ConsentGate.Reason.WITHDRAWN);
        assertThat(gate.check(new ConsentGate.Ask(tenant.id(), null, Channel.SMS, Purpose.SERVICE, phone, null,
                Instant.now().plusSeconds(2 * 3600), HelpRequests.PREFIX + helpId)).reason())
                .as("hours later the request is stale").isEqualTo(ConsentGate.Reason.WITHDRAWN);
        sleep(300);
        assertThat(PROVIDERS.sms(phone)).hasSize(2);
    }

    @Test
    void aKeywordTwilioAlreadyAnsweredIsRecordedButNotAnsweredTwice() {
        String phone = number();
        Map<String, String> stop = new LinkedHashMap<>(inbound(sid(), phone, smsNumber, "STOP"));
        stop.put("OptOutType", "STOP");

        twilio("/hooks/twilio/inbound", stop);

        assertThat(check("sms", "marketing", phone).get("reason").asString()).isEqualTo("withdrawn");
        sleep(500);
        assertThat(PROVIDERS.sms(phone)).isEmpty();
    }

    @Test
    void aMessageToANumberNoTenantUsesIsAnsweredAndForgotten() {
        String sid = sid();

        var response = twilio("/hooks/twilio/inbound", inbound(sid, number(), number(), "hello?"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.raw().body()).contains("<Response/>");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM inbound_message WHERE provider_id = :sid").param("sid", sid)
                .query(Long.class).single()).isZero();
    }

    @Test
    void aForgedInboundMessageIsRefusedAndChangesNothing() {
        String phone = number();
        Map<String, String> stop = inbound(sid(), phone, smsNumber, "STOP");
        String signature = sign("/hooks/twilio/inbound", stop);
        Map<String, String> tampered = new LinkedHashMap<>(stop);
        tampered.put("From", number());

        var forged = twilio("/hooks/twilio/inbound", tampered, signature);
        var unsigned = twilio("/hooks/twilio/inbound", stop, null);

        assertThat(forged.status()).isEqualTo(403);
        assertThat(forged.contentType()).startsWith("application/problem+json");
        assertThat(unsigned.status()).isEqualTo(403);
        assertThat(check("sms", "marketing", phone).get("reason").asString()).isEqualTo("no_consent");
        assertThat(check("sms", "service", phone).get("allowed").asBoolean()).isTrue();
    }

    // --- The inbox

    @Test
    void aMessageLandsInTheInboxAndOnTheTimelineAndIsAnsweredFromThere() {
        String phone = number();
        String profile = profileWithPhone(phone);
        String sid = sid();

        twilio("/hooks/twilio/inbound", inbound(sid, phone, smsNumber, "Do you have the blue one in M?"));
        twilio("/hooks/twilio/inbound", inbound(sid, phone, smsNumber, "Do you have the blue one in M?"));

        JsonNode items = api.get("/api/v1/inbox?status=open").json().get("items");
        assertThat(items).hasSize(1);
        JsonNode item = items.get(0);
        assertThat(item.get("channel").asString()).isEqualTo("sms");
        assertThat(item.get("address").asString()).isEqualTo(phone);
        assertThat(item.get("messages").asInt()).as("the retried webhook counts once").isEqualTo(1);
        assertThat(item.get("lastText").asString()).isEqualTo("Do you have the blue one in M?");
        awaitResolved(tenant.id());
        JsonNode timeline = tenant.admin().get("/api/v1/profiles/" + profile + "/timeline").json().get("items");
        JsonNode received = timeline.valueStream().filter(e -> e.get("type").asString().equals("message.received"))
                .findFirst().orElseThrow(() -> new AssertionError(timeline.toString()));
        assertThat(received.get("properties").get("text").asString()).isEqualTo("Do you have the blue one in M?");
        assertThat(received.get("properties").get("channel").asString()).isEqualTo("sms");
        assertThat(timeline.valueStream().filter(e -> e.get("type").asString().equals("message.received")))
                .hasSize(1);

        String id = item.get("id").asString();
        var reply = api.send(api.request("/api/v1/inbox/" + id + "/reply").header("Content-Type", "application/json")
                .header("Idempotency-Key", "r1")
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"Yes, we keep one for you until Friday.\"}")));
        var retry = api.send(api.request("/api/v1/inbox/" + id + "/reply").header("Content-Type", "application/json")
                .header("Idempotency-Key", "r1")
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"Yes, we keep one for you until Friday.\"}")));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(202);
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.json().get("messageId").asString()).isEqualTo(reply.json().get("messageId").asString());
        assertThat(reply.json().get("item").get("status").asString()).isEqualTo("answered");
        FakeProviders.Request wire = PROVIDERS.awaitSms(phone, 1).get(0);
        assertThat(wire.form().get("Body")).isEqualTo("Yes, we keep one for you until Friday.");
        assertThat(wire.form().get("From")).isEqualTo(smsNumber);
        sleep(300);
        assertThat(PROVIDERS.sms(phone)).hasSize(1);

        JsonNode conversation = api.get("/api/v1/inbox/" + id).json();
        assertThat(conversation.get("item").get("replies").asInt()).isEqualTo(1);
        assertThat(conversation.get("item").get("profileId").asString()).isEqualTo(profile);
        assertThat(conversation.get("messages").valueStream().map(m -> m.get("direction").asString() + ":"
                + m.get("text").asString()).toList()).containsExactly("in:Do you have the blue one in M?",
                "out:Yes, we keep one for you until Friday.");
        JsonNode audit = tenant.admin().get("/api/v1/audit-log?action=inbox.replied&targetId=" + id).json();
        assertThat(audit.toString()).contains(reply.json().get("messageId").asString()).doesNotContain("Friday");

        var closed = api.post("/api/v1/inbox/" + id + "/close", "");
        assertThat(closed.status()).as(closed.toString()).isEqualTo(200);
        assertThat(closed.json().get("status").asString()).isEqualTo("closed");
        assertThat(api.get("/api/v1/inbox?status=open").json().get("items")).isEmpty();
        assertThat(tenant.admin().get("/api/v1/audit-log?action=inbox.closed&targetId=" + id).json().get("items"))
                .hasSize(1);

        twilio("/hooks/twilio/inbound", inbound(sid(), phone, smsNumber, "Great, thanks!"));
        JsonNode reopened = api.get("/api/v1/inbox/" + id).json().get("item");
        assertThat(reopened.get("status").asString()).isEqualTo("open");
        assertThat(reopened.get("messages").asInt()).isEqualTo(2);
    }

    @Test
    void anotherTenantsConversationIsNotFoundAndBadFiltersAreNamed() {
        twilio("/hooks/twilio/inbound", inbound(sid(), number(), smsNumber, "Hello"));
        String id = api.get("/api/v1/inbox").json().get("items").get(0).get("id").asString();
        ApiClient other = anonymous.bearer(newTenant().createKey("k", null, "messages:read", "messages:write"));

        assertThat(other.get("/api/v1/inbox/" + id).status()).isEqualTo(404);
        assertThat(other.post("/api/v1/inbox/" + id + "/reply", Map.of("text", "hi")).status()).isEqualTo(404);
        assertThat(other.post("/api/v1/inbox/" + id + "/close", "").status()).isEqualTo(404);
        assertThat(other.get("/api/v1/inbox").json().get("items")).isEmpty();
        assertThat(api.get("/api/v1/inbox/" + UUID.randomUUID()).status()).isEqualTo(404);
        var pending = api.get("/api/v1/inbox?status=pending");
        var fax = api.get("/api/v1/inbox?channel=fax");
        assertThat(pending.errorFields()).as(pending.toString()).containsExactly("status");
        assertThat(fax.errorFields()).as(fax.toString()).containsExactly("channel");
        assertThat(api.post("/api/v1/inbox/" + id + "/reply", Map.of("text", " ")).errorFields())
                .containsExactly("text");
        assertThat(api.post("/api/v1/inbox/" + id + "/reply", "{\"text\":").errorFields()).containsExactly("body");
        ApiClient reader = anonymous.bearer(tenant.createKey("reader", null, "messages:read"));
        assertThat(reader.post("/api/v1/inbox/" + id + "/reply", Map.of("text", "hi")).status()).isEqualTo(403);
    }

    @Test
    void onlyTheInstallationAdminAssignsNumbersSoNoTenantLearnsWhoseANumberIs() {
        var brand = newTenant();
        String free = number();

        var taken = brand.admin().put("/api/v1/messaging/senders", Map.of("smsFrom", smsNumber));
        var unused = brand.admin().put("/api/v1/messaging/senders", Map.of("smsFrom", free));
        var whatsapp = brand.admin().put("/api/v1/messaging/senders", Map.of("whatsappNumber", waNumber));

        for (var refused : List.of(taken, unused, whatsapp)) {
            assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
            assertThat(refused.json().get("detail")).isEqualTo(taken.json().get("detail"));
        }
        assertThat(brand.admin().put("/api/v1/messaging/senders", Map.of("smsFrom", "LenaCafe")).status())
                .as("a sender name routes nothing").isEqualTo(200);
        assertThat(tenant.admin().put("/api/v1/messaging/senders", Map.of("smsFrom", smsNumber,
                "whatsappNumber", waNumber, "emailFromName", "Lena")).status()).as("its own numbers again")
                .isEqualTo(200);

        var assigned = installer.put("/api/v1/messaging/senders?tenant=" + brand.id(), Map.of("smsFrom", smsNumber));
        assertThat(assigned.status()).isEqualTo(409);
        assertThat(assigned.json().get("type").asString()).endsWith("/sender-number-taken");
        assertThat(installer.put("/api/v1/messaging/senders?tenant=" + brand.id(), Map.of("smsFrom", free)).status())
                .isEqualTo(200);
        assertThat(brand.admin().get("/api/v1/messaging/senders").json().get("smsFrom").asString()).isEqualTo(free);
        assertThat(brand.admin().put("/api/v1/messaging/senders?tenant=" + tenant.id(), Map.of("emailFromName", "X"))
                .status()).as("a tenant admin names no other tenant").isEqualTo(404);
    }

    @Test
    void aPersonsMessagesAreExportedAndErasedKeepingTheCounts() {
        String phone = number();
        twilio("/hooks/twilio/inbound", inbound(sid(), phone, smsNumber, "My new address is Elm Street 5"));
        PersonalData inbound = personalData.stream().filter(p -> p.section().equals("inboundMessages")).findFirst()
                .orElseThrow();
        PersonalData.Person person = new PersonalData.Person(tenant.id(), UUID.randomUUID(),
                Set.of(UUID.randomUUID()), List.of(new PersonalData.Identifier("phone", phone, phone)), List.of());

        assertThat(JSON.valueToTree(inbound.export(person)).toString()).contains("Elm Street 5", phone);
        inbound.erase(person);

        assertThat(inbound.export(person)).isNull();
        JsonNode item = api.get("/api/v1/inbox").json().get("items").get(0);
        assertThat(item.get("address").isNull()).isTrue();
        assertThat(item.get("lastText").isNull()).isTrue();
        assertThat(item.get("messages").asInt()).isEqualTo(1);
        assertThat(item.get("status").asString()).isEqualTo("closed");
        assertThat(api.post("/api/v1/inbox/" + item.get("id").asString() + "/reply", Map.of("text", "hi")).status())
                .isEqualTo(409);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM inbound_message WHERE tenant_id = :t AND body_text IS NULL"
                + " AND from_address IS NULL").param("t", tenant.id()).query(Long.class).single()).isEqualTo(1);
    }

    // --- WhatsApp

    @Test
    void theWebhookSubscriptionIsVerifiedWithTheTokenOnly() {
        var ok = anonymous.get("/hooks/whatsapp?hub.mode=subscribe&hub.verify_token=" + WHATSAPP_VERIFY_TOKEN
                + "&hub.challenge=1158201444");
        var wrong = anonymous.get("/hooks/whatsapp?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1");
        var none = anonymous.get("/hooks/whatsapp?hub.challenge=1");

        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.contentType()).startsWith("text/plain");
        assertThat(ok.raw().body()).isEqualTo("1158201444");
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(none.status()).isEqualTo(403);
    }

    @Test
    void aWhatsappMessageOpensTheWindowAndTheInboxReplyGoesAsFreeText() {
        String phone = number();
        String wamid = "wamid." + UUID.randomUUID();

        var received = whatsapp(inboundWhatsapp(waNumber, phone, wamid, "text",
                "{\"body\":\"Is the shop open on Sunday?\"}"));
        assertThat(received.status()).as(received.toString()).isEqualTo(200);
        whatsapp(inboundWhatsapp(waNumber, phone, wamid, "text", "{\"body\":\"Is the shop open on Sunday?\"}"));

        JsonNode item = api.get("/api/v1/inbox?channel=whatsapp").json().get("items").get(0);
        assertThat(item.get("messages").asInt()).isEqualTo(1);
        assertThat(item.get("address").asString()).isEqualTo(phone);
        var reply = api.post("/api/v1/inbox/" + item.get("id").asString() + "/reply",
                Map.of("text", "Yes, 12 to 5."));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(202);

        FakeProviders.Request wire = PROVIDERS.awaitWhatsapp(phone, 1).get(0);
        assertThat(wire.path()).isEqualTo("/v21.0/" + waNumber + "/messages");
        assertThat(wire.header("Authorization")).isEqualTo("Bearer " + WHATSAPP_TOKEN);
        assertThat(wire.json()).isEqualTo(JSON.readTree("{\"messaging_product\":\"whatsapp\",\"to\":\""
                + phone.substring(1) + "\",\"type\":\"text\",\"text\":{\"body\":\"Yes, 12 to 5.\"}}"));
        String messageId = reply.json().get("messageId").asString();
        awaitMessage(messageId, m -> status(m).equals("sent"));

        String sentId = providerId(messageId);
        var read = whatsapp(statusWhatsapp(sentId, "read", null));
        var again = whatsapp(statusWhatsapp(sentId, "read", null));
        var delivered = whatsapp(statusWhatsapp(sentId, "delivered", null));
        assertThat(read.status()).isEqualTo(200);
        assertThat(again.status()).isEqualTo(200);
        assertThat(delivered.status()).isEqualTo(200);
        JsonNode message = api.get("/api/v1/messages/" + messageId).json();
        assertThat(status(message)).isEqualTo("opened");
        assertThat(message.get("message").get("deliveredAt").isNull()).isFalse();
        assertThat(events(messageId, "opened")).isEqualTo(1);
    }

    @Test
    void outsideTheWindowTheApprovedTemplateGoesAndWithoutOneNothingDoes() {
        var saved = tenant.admin().put("/api/v1/message-templates/pickup/whatsapp/en", Map.of(
                "text", "Hi {{firstName}}, your order {{order}} is ready.",
                "whatsapp", Map.of("name", "order_ready_v2", "language", "en_US",
                        "parameters", List.of("{{firstName}}", "{{order}}"))));
        assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
        tenant.admin().put("/api/v1/message-templates/chat/whatsapp/en", Map.of("text", "Hi {{firstName}}"));
        String phone = number();
        String other = number();

        var templated = api.post("/api/v1/messages", Map.of("to", phone, "channel", "whatsapp", "purpose",
                "service", "template", "pickup", "variables", Map.of("firstName", "Ana", "order", "A-17")));
        var freeText = api.post("/api/v1/messages", Map.of("to", other, "channel", "whatsapp", "purpose",
                "service", "template", "chat", "variables", Map.of("firstName", "Ben")));

        FakeProviders.Request wire = PROVIDERS.awaitWhatsapp(phone, 1).get(0);
        assertThat(wire.json()).isEqualTo(JSON.readTree("""
                {"messaging_product":"whatsapp","to":"%s","type":"template","template":{"name":"order_ready_v2",
                 "language":{"code":"en_US"},"components":[{"type":"body","parameters":[
                 {"type":"text","text":"Ana"},{"type":"text","text":"A-17"}]}]}}""".formatted(phone.substring(1))));
        JsonNode failed = awaitMessage(freeText.json().get("messageId").asString(), m -> status(m).equals("failed"));
        assertThat(failed.get("message").get("reason").asString()).contains("24-hour");
        awaitMessage(templated.json().get("messageId").asString(), m -> status(m).equals("sent"));
        assertThat(PROVIDERS.whatsapp(other)).isEmpty();

        // once the person writes, the same message goes as text
        whatsapp(inboundWhatsapp(waNumber, phone, "wamid." + UUID.randomUUID(), "text", "{\"body\":\"Thanks\"}"));
        api.post("/api/v1/messages", Map.of("to", phone, "channel", "whatsapp", "purpose", "service",
                "template", "pickup", "variables", Map.of("firstName", "Ana", "order", "A-18")));
        FakeProviders.Request second = PROVIDERS.awaitWhatsapp(phone, 2).get(1);
        assertThat(second.json().get("type").asString()).isEqualTo("text");
        assertThat(second.json().get("text").get("body").asString()).isEqualTo("Hi Ana, your order A-18 is ready.");
    }

    @Test
    void anInboxReplyOutsideTheWindowIsRefusedBeforeAnythingIsQueued() {
        String phone = number();
        whatsapp(inboundWhatsapp(waNumber, phone, "wamid." + UUID.randomUUID(), "text", "{\"body\":\"Hi\"}",
                Instant.now().minusSeconds(25 * 3600)));
        String id = api.get("/api/v1/inbox?channel=whatsapp").json().get("items").get(0).get("id").asString();

        var reply = api.post("/api/v1/inbox/" + id + "/reply", Map.of("text", "Sorry for the wait"));

        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.json().get("type").asString()).endsWith("/whatsapp-window-closed");
        assertThat(api.get("/api/v1/messages?origin=inbox").json().get("items")).isEmpty();
    }

    @Test
    void whatsappStopIsAKeywordOnItsChannelAndItsConfirmationGoesAsText() {
        String phone = number();

        whatsapp(inboundWhatsapp(waNumber, phone, "wamid." + UUID.randomUUID(), "button",
                "{\"payload\":\"stop\",\"text\":\"Stop\"}"));

        assertThat(check("whatsapp", "marketing", phone).get("reason").asString()).isEqualTo("withdrawn");
        assertThat(check("whatsapp", "service", phone).get("reason").asString()).isEqualTo("withdrawn");
        assertThat(check("sms", "service", phone).get("allowed").asBoolean()).as("SMS is another channel")
                .isTrue();
        FakeProviders.Request confirmation = PROVIDERS.awaitWhatsapp(phone, 1).get(0);
        assertThat(confirmation.json().get("type").asString()).isEqualTo("text");
        assertThat(confirmation.json().get("text").get("body").asString()).contains("unsubscribed");
    }

    @Test
    void aForgedOrMalformedWhatsappCallIsRefusedAndABadPartIsSkipped() {
        String phone = number();
        String payload = inboundWhatsapp(waNumber, phone, "wamid." + UUID.randomUUID(), "text",
                "{\"body\":\"STOP\"}");

        var forged = whatsapp(payload, "sha256=" + hmacSha256("not-the-secret", payload));
        var unsigned = whatsapp(payload, null);
        var notJson = whatsapp("this is not json");
        var noEntry = whatsapp("{\"object\":\"whatsapp_business_account\"}");
        var noSender = whatsapp("""
                {"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{
                 "messaging_product":"whatsapp","metadata":{"phone_number_id":"%s"},
                 "messages":[{"id":"wamid.x","type":"text","text":{"body":"hi"}}],
                 "statuses":[{"status":"delivered"},{"id":"wamid.unknown","status":"delivered","timestamp":"1"}]
                }}]}]}""".formatted(waNumber));

        assertThat(forged.status()).isEqualTo(403);
        assertThat(forged.json().get("type").asString()).endsWith("/webhook-signature");
        assertThat(unsigned.status()).isEqualTo(403);
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.errorFields()).containsExactly("body");
        assertThat(noEntry.status()).isEqualTo(400);
        assertThat(noEntry.errorFields()).containsExactly("entry");
        assertThat(noSender.status()).isEqualTo(200);
        assertThat(check("whatsapp", "marketing", phone).get("reason").asString()).isEqualTo("no_consent");
        assertThat(api.get("/api/v1/inbox").json().get("items")).isEmpty();
        sleep(300);
        assertThat(PROVIDERS.whatsapp(phone)).isEmpty();
    }

    @Test
    void anUndeliverableWhatsappNumberIsSuppressedAndARateLimitIsTriedAgain() {
        String phone = number();
        whatsapp(inboundWhatsapp(waNumber, phone, "wamid." + UUID.randomUUID(), "text", "{\"body\":\"Hi\"}"));
        PROVIDERS.answer(phone.substring(1),
                new FakeProviders.Answer(400, "{\"error\":{\"message\":\"(#131056) pair rate limit\","
                        + "\"type\":\"OAuthException\",\"code\":131056}}", Map.of("Retry-After", "1")),
                new FakeProviders.Answer(400, "{\"error\":{\"message\":\"(#131026) Message Undeliverable.\","
                        + "\"type\":\"OAuthException\",\"code\":131026}}", Map.of()));
        String id = api.post("/api/v1/messages", Map.of("to", phone, "channel", "whatsapp", "purpose", "service",
                "template", "inbox.reply", "variables", Map.of("text", "Hello"))).json().get("messageId").asString();

        JsonNode message = awaitMessage(id, m -> status(m).equals("failed"));
        assertThat(PROVIDERS.whatsapp(phone)).hasSize(2);
        assertThat(message.get("message").get("reason").asString()).contains("131026");
        assertThat(check("whatsapp", "service", phone).get("reason").asString()).isEqualTo("suppressed");
    }

    // --- helpers

    private static String number() {
        return "+49151" + (10_000_000 + RANDOM.nextInt(90_000_000));
    }

    private static String sid() {
        return "SM" + UUID.randomUUID().toString().replace("-", "");
    }

    private String sendSms(String to) {
        var sent = api.post("/api/v1/messages", Map.of("to", to, "channel", "sms", "purpose", "service",
                "template", "inbox.reply", "variables", Map.of("text", "Your order is ready")));
        assertThat(sent.status()).as(sent.toString()).isEqualTo(202);
        return sent.json().get("messageId").asString();
    }

    private static Map<String, String> inbound(String sid, String from, String to, String body) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("ToCountry", "DE");
        form.put("SmsMessageSid", sid);
        form.put("NumMedia", "0");
        form.put("SmsSid", sid);
        form.put("SmsStatus", "received");
        form.put("Body", body);
        form.put("To", to);
        form.put("NumSegments", "1");
        form.put("MessageSid", sid);
        form.put("AccountSid", TWILIO_ACCOUNT);
        form.put("From", from);
        form.put("ApiVersion", "2010-04-01");
        return form;
    }

    /** Twilio's signature, computed here as Twilio documents it, independently of the code under test. */
    private String sign(String path, Map<String, String> params) {
        StringBuilder data = new StringBuilder("http://localhost:" + port + path);
        new TreeMap<>(params).forEach((name, value) -> data.append(name).append(value));
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(TWILIO_TOKEN.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private ApiClient.Response twilio(String path, Map<String, String> params) {
        return twilio(path, params, sign(path, params));
    }

    private ApiClient.Response twilio(String path, Map<String, String> params, String signature) {
        String body = params.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("User-Agent", "TwilioProxy/1.1")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            request.header("X-Twilio-Signature", signature);
        }
        return anonymous.send(request);
    }

    private static String inboundWhatsapp(String phoneNumberId, String from, String wamid, String type,
                                          String content) {
        return inboundWhatsapp(phoneNumberId, from, wamid, type, content, Instant.now());
    }

    private static String inboundWhatsapp(String phoneNumberId, String from, String wamid, String type,
                                          String content, Instant at) {
        return """
                {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"messages",
                 "value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881",
                 "phone_number_id":"%s"},"contacts":[{"profile":{"name":"Sheena Nelson"},"wa_id":"%s"}],
                 "messages":[{"from":"%s","id":"%s","timestamp":"%d","type":"%s","%s":%s}]}}]}]}"""
                .formatted(phoneNumberId, from.substring(1), from.substring(1), wamid, at.getEpochSecond(), type,
                        type, content);
    }

    private String statusWhatsapp(String wamid, String status, Integer errorCode) {
        String errors = errorCode == null ? "" : ",\"errors\":[{\"code\":" + errorCode + ",\"title\":\"x\"}]";
        return """
                {"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{
                 "messaging_product":"whatsapp","metadata":{"phone_number_id":"%s"},
                 "statuses":[{"id":"%s","status":"%s","timestamp":"%d","recipient_id":"1"%s}]}}]}]}"""
                .formatted(waNumber, wamid, status, Instant.now().getEpochSecond(), errors);
    }

    private ApiClient.Response whatsapp(String payload) {
        return whatsapp(payload, "sha256=" + hmacSha256(WHATSAPP_APP_SECRET, payload));
    }

    private ApiClient.Response whatsapp(String payload, String signature) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/hooks/whatsapp"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(payload));
        if (signature != null) {
            request.header("X-Hub-Signature-256", signature);
        }
        return anonymous.send(request);
    }

    /** Meta's signature: hex HMAC-SHA256 of the raw body with the app secret. */
    private static String hmacSha256(String secret, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode check(String channel, String purpose, String address) {
        var decision = tenant.admin().post("/api/v1/consent/check", Map.of("channel", channel, "purpose", purpose,
                "address", address));
        assertThat(decision.status()).as(decision.toString()).isEqualTo(200);
        return decision.json();
    }

    private String providerId(String messageId) {
        return jdbc.sql("SELECT provider_id FROM message WHERE id = :id").param("id", UUID.fromString(messageId))
                .query(String.class).single();
    }

    private long events(String messageId, String status) {
        return jdbc.sql("SELECT COUNT(*) FROM message_event WHERE message_id = :id AND status = :status")
                .param("id", UUID.fromString(messageId)).param("status", status).query(Long.class).single();
    }

    private double metric(String name, String labels) {
        String body = installer.get("/actuator/prometheus").raw().body();
        return body.lines().filter(l -> l.startsWith(name + "{") && l.contains(labels))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static String status(JsonNode message) {
        return message.get("message").get("status").asString();
    }

    private static String current(JsonNode consents, String channel, String purpose) {
        for (JsonNode current : consents.get("current")) {
            if (current.get("channel").asString().equals(channel) && current.get("purpose").asString().equals(purpose)) {
                return current.get("status").asString();
            }
        }
        throw new AssertionError(consents.toString());
    }

    private void grantSmsMarketing(String profile) {
        var granted = tenant.admin().post("/api/v1/profiles/" + profile + "/consents", Map.of("channel", "sms",
                "purpose", "marketing", "granted", true, "source", "form"));
        assertThat(granted.status()).as(granted.toString()).isEqualTo(201);
    }

    private String profileWithPhone(String phone) {
        String email = "p-" + UUID.randomUUID() + "@channels.test";
        var response = anonymous.bearer(tenant.createKey("events", null, "events:write")).post("/api/v1/events",
                Map.of("eventId", "e-" + UUID.randomUUID(), "type", "loyalty.signup", "occurredAt",
                        Instant.now().minusSeconds(600).toString(), "identifiers", Map.of("email", email,
                                "phone", phone)));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        awaitResolved(tenant.id());
        JsonNode found = tenant.admin().get("/api/v1/profiles?email="
                + URLEncoder.encode(email, StandardCharsets.UTF_8)).json().get("items");
        return found.get(0).get("id").asString();
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

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
