package io.footbridge.messaging.whatsapp;

import io.footbridge.consent.Channel;
import io.footbridge.messaging.channel.Delivery;
import io.footbridge.messaging.channel.MessagingProperties;
import io.footbridge.messaging.inbound.Inbound;
import io.footbridge.messaging.inbound.Webhooks;
import io.footbridge.messaging.outbound.ProviderCallbacks;
import io.footbridge.platform.ProblemException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The WhatsApp Cloud API webhook: Meta's subscription check, then signed calls with delivery statuses of what we
 * sent and messages people send to a tenant's WhatsApp number. The signature ({@code X-Hub-Signature-256}, HMAC-SHA256
 * of the raw body with the app secret) is checked on the bytes as they came, before anything is parsed. A signed
 * call is answered 200 even for parts we cannot use, as Meta retries anything else for days.
 */
@RestController
@Hidden
class WhatsappHooks {

    static final String PATH = "/hooks/whatsapp";
    private static final Map<String, String> STATUSES = Map.of("sent", "sent", "delivered", "delivered",
            "read", "opened", "failed", "failed");

    private final MessagingProperties.Whatsapp whatsapp;
    private final ProviderCallbacks callbacks;
    private final Inbound inbound;
    private final JsonMapper json;
    private final MeterRegistry meters;
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(WhatsappHooks.class);

    WhatsappHooks(MessagingProperties properties, ProviderCallbacks callbacks, Inbound inbound, JsonMapper json,
                  MeterRegistry meters) {
        this.whatsapp = properties.whatsapp();
        this.callbacks = callbacks;
        this.inbound = inbound;
        this.json = json;
        this.meters = meters;
    }

    /** Meta calls this once when the webhook is set up in the app dashboard. */
    @GetMapping(value = PATH, produces = MediaType.TEXT_PLAIN_VALUE)
    ResponseEntity<String> verify(@RequestParam(name = "hub.mode", required = false) String mode,
                                  @RequestParam(name = "hub.verify_token", required = false) String token,
                                  @RequestParam(name = "hub.challenge", required = false) String challenge) {
        String expected = whatsapp.verifyToken();
        if (expected == null || expected.isBlank()) {
            throw Webhooks.notSetUp("The WhatsApp webhook", "footbridge.messaging.whatsapp.verify-token");
        }
        if (!"subscribe".equals(mode) || token == null || !MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
            refused();
            throw ProblemException.forbidden("The verify token does not match the one configured.");
        }
        if (challenge == null || challenge.isEmpty() || challenge.length() > 200) {
            throw ProblemException.invalid("hub.challenge", "is required (at most 200 characters)");
        }
        return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(challenge);
    }

    @PostMapping(PATH)
    ResponseEntity<Void> receive(HttpServletRequest request) {
        if (whatsapp.appSecret() == null || whatsapp.appSecret().isBlank()) {
            throw Webhooks.notSetUp("The WhatsApp webhook", "footbridge.messaging.whatsapp.app-secret");
        }
        byte[] body = Webhooks.body(request);
        if (!signed(body, request.getHeader("X-Hub-Signature-256"))) {
            refused();
            throw Webhooks.forged("X-Hub-Signature-256");
        }
        JsonNode payload;
        try {
            payload = json.readTree(body);
        } catch (JacksonException e) {
            throw ProblemException.invalid("body", "is not a JSON document");
        }
        if (payload == null || !payload.isObject()) {
            throw ProblemException.invalid("body", "must be a JSON object");
        }
        if (!payload.path("entry").isArray()) {
            throw ProblemException.invalid("entry", "is required and must be an array");
        }
        for (JsonNode entry : payload.path("entry")) {
            for (JsonNode change : entry.path("changes")) {
                JsonNode value = change.path("value");
                String phoneNumberId = value.path("metadata").path("phone_number_id").asString(null);
                // each item on its own: one that cannot be taken in must not cost the others (a STOP among them),
                // as Meta would send the whole body again, and again
                for (JsonNode status : value.path("statuses")) {
                    alone("status", () -> status(status));
                }
                for (JsonNode message : value.path("messages")) {
                    alone("message", () -> message(message, phoneNumberId));
                }
            }
        }
        return ResponseEntity.ok().build();
    }

    private void alone(String what, Runnable item) {
        try {
            item.run();
        } catch (RuntimeException e) {
            log.warn("A WhatsApp webhook {} could not be taken in: {}", what, e.getClass().getName());
            meters.counter("footbridge.messaging.webhooks.dropped", "provider", "whatsapp", "item", what).increment();
        }
    }

    private void status(JsonNode status) {
        String id = status.path("id").asString(null);
        String reported = status.path("status").asString("").toLowerCase(Locale.ROOT);
        String mapped = STATUSES.get(reported);
        if (id == null || id.isBlank() || id.length() > 128 || mapped == null) {
            count("whatsapp", "ignored");
            return;
        }
        Delivery.Failed failure = null;
        if (mapped.equals("failed")) {
            JsonNode error = status.path("errors").path(0);
            failure = error.path("code").isNumber() ? CloudWhatsapp.failure(error.path("code").asInt())
                    : new Delivery.Failed("WhatsApp reported failed", false);
        }
        ProviderCallbacks.Outcome outcome = callbacks.report(new ProviderCallbacks.Report("whatsapp", id, mapped,
                time(status.path("timestamp")), failure == null ? "whatsapp" : failure.reason(),
                "wa:" + id + ":" + reported, failure != null && failure.unreachable(),
                failure == null ? Set.of() : failure.withdrawn()));
        count("whatsapp", outcome.name().toLowerCase(Locale.ROOT));
    }

    private void message(JsonNode message, String phoneNumberId) {
        String id = message.path("id").asString(null);
        String from = message.path("from").asString(null);
        String type = message.path("type").asString("unknown");
        if (id == null || id.isBlank() || id.length() > 128 || from == null || from.isBlank() || from.length() > 32
                || phoneNumberId == null || phoneNumberId.isBlank()) {
            Counter.builder("footbridge.messaging.inbound").description("Messages received from customers")
                    .tag("channel", "whatsapp").tag("outcome", "malformed").register(meters).increment();
            return;
        }
        String text = switch (type) {
            case "text" -> message.path("text").path("body").asString(null);
            // a quick-reply button on a template ("Stop promotions") or an interactive answer: its words count
            case "button" -> message.path("button").path("text").asString(null);
            case "interactive" -> message.path("interactive").path("button_reply").path("title")
                    .asString(message.path("interactive").path("list_reply").path("title").asString(null));
            default -> message.path(type).path("caption").asString(null);
        };
        boolean media = Set.of("image", "audio", "video", "document", "sticker").contains(type);
        inbound.receive(new Inbound.Received(Channel.WHATSAPP, "whatsapp", id, from, phoneNumberId, null,
                type.length() > 16 ? type.substring(0, 16) : type, text, media ? 1 : 0, time(message.path("timestamp")),
                false));
    }

    private boolean signed(byte[] body, String header) {
        if (header == null || !header.startsWith("sha256=")) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(whatsapp.appSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] expected = HexFormat.of().formatHex(mac.doFinal(body)).getBytes(StandardCharsets.US_ASCII);
            byte[] given = header.substring("sha256=".length()).strip().toLowerCase(Locale.ROOT)
                    .getBytes(StandardCharsets.US_ASCII);
            return MessageDigest.isEqual(expected, given);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** Meta's epoch seconds (as a string); now when missing or in the future. */
    private static Instant time(JsonNode timestamp) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        try {
            long seconds = Long.parseLong(timestamp.asString("").strip());
            Instant at = Instant.ofEpochSecond(seconds);
            return at.isAfter(now) ? now : at;
        } catch (NumberFormatException | java.time.DateTimeException e) {
            return now;
        }
    }

    private void refused() {
        Counter.builder("footbridge.messaging.webhooks.refused").description("Webhook calls with a bad signature")
                .tag("provider", "whatsapp").register(meters).increment();
    }

    private void count(String provider, String outcome) {
        Counter.builder("footbridge.messaging.callbacks").description("Provider status callbacks by outcome")
                .tag("provider", provider).tag("outcome", outcome).register(meters).increment();
    }
}
