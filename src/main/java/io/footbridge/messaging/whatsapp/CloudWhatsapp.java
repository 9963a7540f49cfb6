package io.footbridge.messaging.whatsapp;

import io.footbridge.consent.Channel;
import io.footbridge.consent.Purpose;
import io.footbridge.messaging.channel.Delivery;
import io.footbridge.messaging.channel.Envelope;
import io.footbridge.messaging.channel.MessagingProperties;
import io.footbridge.messaging.channel.Provider;
import io.footbridge.messaging.channel.ProviderCall;
import io.footbridge.messaging.channel.RetryAfter;
import io.footbridge.messaging.inbound.InboundRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * WhatsApp through Meta's Cloud API. WhatsApp carries free text only inside the customer service window — 24 hours
 * from the person's last message to the business; outside it only a template WhatsApp approved may go, so a message
 * is sent as its text inside the window and as its approved template outside, and fails (never goes out as free
 * text) when it has no approved template.
 */
@Component
@ConditionalOnExpression("'${footbridge.messaging.whatsapp.access-token:}' != ''")
class CloudWhatsapp implements Provider {

    private static final Logger log = LoggerFactory.getLogger(CloudWhatsapp.class);

    static final Duration WINDOW = Duration.ofHours(24);
    /** Rate limits: the pair (business, person), the account, and Meta's "try again later". */
    private static final Set<Integer> PASSING = Set.of(130429, 131056, 80007, 4, 2, 131000, 133004);
    static final int UNDELIVERABLE = 131026;
    static final int OUTSIDE_WINDOW = 131047;
    static final int MARKETING_STOPPED = 131050;

    private final MessagingProperties.Whatsapp whatsapp;
    private final InboundRepository inbound;
    private final JsonMapper json;
    private final HttpClient http;
    private final String base;

    CloudWhatsapp(MessagingProperties properties, InboundRepository inbound, JsonMapper json) {
        this.whatsapp = properties.whatsapp();
        this.inbound = inbound;
        this.json = json;
        Duration connect = whatsapp.timeout().compareTo(Duration.ofSeconds(5)) < 0 ? whatsapp.timeout()
                : Duration.ofSeconds(5);
        this.http = HttpClient.newBuilder().connectTimeout(connect).build();
        String url = whatsapp.baseUrl().endsWith("/") ? whatsapp.baseUrl().substring(0, whatsapp.baseUrl().length() - 1)
                : whatsapp.baseUrl();
        this.base = url + "/" + whatsapp.apiVersion();
        if (whatsapp.appSecret() == null || whatsapp.appSecret().isBlank()) {
            log.warn("WhatsApp sends, but footbridge.messaging.whatsapp.app-secret is not set: its webhook refuses"
                    + " every call, so no replies, delivery reports or service windows arrive");
        }
    }

    @Override
    public String name() {
        return "whatsapp";
    }

    @Override
    public Channel channel() {
        return Channel.WHATSAPP;
    }

    @Override
    public Delivery send(Envelope envelope) {
        String number = present(envelope.from()) ? envelope.from() : whatsapp.phoneNumberId();
        if (!present(number)) {
            return new Delivery.Failed("no WhatsApp number: set the tenant's whatsappNumber (its phone number id)"
                    + " or footbridge.messaging.whatsapp.phone-number-id", false);
        }
        String to = envelope.to().startsWith("+") ? envelope.to().substring(1) : envelope.to();
        Optional<Instant> lastWrote = inbound.lastReceived(envelope.tenantId(), Channel.WHATSAPP, envelope.to());
        boolean open = lastWrote.map(at -> at.isAfter(Instant.now().minus(WINDOW))).orElse(false);
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("messaging_product", "whatsapp");
        message.put("to", to);
        if (open && present(envelope.text())) {
            message.put("type", "text");
            message.put("text", Map.of("body", envelope.text()));
        } else if (present(envelope.whatsappName())) {
            message.put("type", "template");
            message.put("template", template(envelope));
        } else {
            return new Delivery.Failed(open ? "the message has neither text nor an approved WhatsApp template"
                    : "outside WhatsApp's 24-hour customer service window, and the template has no approved"
                    + " WhatsApp template to send instead", false);
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/"
                        + URLEncoder.encode(number, StandardCharsets.UTF_8) + "/messages"))
                .timeout(whatsapp.timeout())
                .header("Authorization", "Bearer " + whatsapp.accessToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(message)))
                .build();
        return ProviderCall.send(http, request, "WhatsApp", "the message", this::classify);
    }

    private static Map<String, Object> template(Envelope envelope) {
        Map<String, Object> template = new LinkedHashMap<>();
        template.put("name", envelope.whatsappName());
        template.put("language", Map.of("code", present(envelope.whatsappLanguage()) ? envelope.whatsappLanguage()
                : "en"));
        List<String> values = envelope.whatsappParameters() == null ? List.of() : envelope.whatsappParameters();
        if (!values.isEmpty()) {
            List<Map<String, Object>> parameters = new ArrayList<>();
            for (String value : values) {
                parameters.add(Map.of("type", "text", "text", value));
            }
            template.put("components", List.of(Map.of("type", "body", "parameters", parameters)));
        }
        return template;
    }

    private Delivery classify(HttpResponse<String> response) {
        int status = response.statusCode();
        JsonNode body = parse(response.body());
        if (status >= 200 && status < 300) {
            String id = body == null ? null : body.path("messages").path(0).path("id").asString(null);
            return new Delivery.Accepted(id, false);
        }
        JsonNode error = body == null ? null : body.path("error");
        Integer code = error == null || !error.path("code").isNumber() ? null : error.path("code").asInt();
        if (status == 429 || status >= 500 || (code != null && PASSING.contains(code))) {
            return new Delivery.Retry("WhatsApp answered " + status + (code == null ? "" : " (error " + code + ")"),
                    RetryAfter.of(response.headers(), Instant.now()));
        }
        if (status == 401 || (code != null && code == 190)) {
            return new Delivery.Retry("WhatsApp refused the access token (" + status + ")", Duration.ofMinutes(5));
        }
        if (code == null) {
            return new Delivery.Failed("WhatsApp answered " + status, false);
        }
        return failure(code);
    }

    /** What a WhatsApp error code means for the message, the address and the ledger; shared with the webhook. */
    static Delivery.Failed failure(int code) {
        return switch (code) {
            case UNDELIVERABLE -> new Delivery.Failed("WhatsApp error 131026: the number cannot receive WhatsApp"
                    + " messages", true);
            case OUTSIDE_WINDOW -> new Delivery.Failed("WhatsApp error 131047: more than 24 hours since the person"
                    + " last wrote; only an approved template may go", false);
            case MARKETING_STOPPED -> new Delivery.Failed("WhatsApp error 131050: the person stopped marketing"
                    + " messages from this business in WhatsApp", false, Set.of(Purpose.MARKETING));
            default -> new Delivery.Failed("WhatsApp error " + code, false);
        };
    }

    private JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return json.readTree(body);
        } catch (JacksonException e) {
            return null;
        }
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
