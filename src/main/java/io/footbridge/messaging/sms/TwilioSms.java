package io.footbridge.messaging.sms;

import io.footbridge.consent.Channel;
import io.footbridge.consent.Purpose;
import io.footbridge.messaging.channel.Delivery;
import io.footbridge.messaging.channel.Envelope;
import io.footbridge.messaging.channel.MessagingProperties;
import io.footbridge.messaging.channel.Provider;
import io.footbridge.messaging.channel.ProviderCall;
import io.footbridge.messaging.channel.RetryAfter;
import io.footbridge.platform.HostedPages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
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
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * SMS through Twilio's Messages API (or anything that speaks its shape): one form-encoded POST per message, with a
 * status callback so delivery reports come back to {@code /hooks/twilio/status}. Twilio's answer decides: its
 * message SID is kept; a rate limit or an outage is tried again (after Retry-After when given); a number that cannot
 * take SMS is suppressed; a recipient who replied STOP at the carrier is withdrawn in the ledger.
 */
@Component
@ConditionalOnExpression("'${footbridge.messaging.twilio.account-sid:}' != ''")
class TwilioSms implements Provider {

    private static final Logger log = LoggerFactory.getLogger(TwilioSms.class);

    static final String STATUS_PATH = "/hooks/twilio/status";

    private final MessagingProperties.Twilio twilio;
    private final HostedPages pages;
    private final JsonMapper json;
    private final HttpClient http;
    private final URI endpoint;
    private final String authorization;

    TwilioSms(MessagingProperties properties, HostedPages pages, JsonMapper json,
              @Value("${footbridge.public-url:}") String publicUrl) {
        this.twilio = properties.twilio();
        if (twilio.authToken() == null || twilio.authToken().isBlank()) {
            throw new IllegalStateException("footbridge.messaging.twilio.account-sid needs auth-token as well");
        }
        if (publicUrl == null || publicUrl.isBlank()) {
            log.warn("footbridge.public-url is not set: Twilio is told to report delivery to this machine's local"
                    + " address, which it cannot reach");
        }
        this.pages = pages;
        this.json = json;
        Duration connect = twilio.timeout().compareTo(Duration.ofSeconds(5)) < 0 ? twilio.timeout()
                : Duration.ofSeconds(5);
        this.http = HttpClient.newBuilder().connectTimeout(connect).build();
        String base = twilio.baseUrl().endsWith("/") ? twilio.baseUrl().substring(0, twilio.baseUrl().length() - 1)
                : twilio.baseUrl();
        this.endpoint = URI.create(base + "/2010-04-01/Accounts/" + encode(twilio.accountSid()) + "/Messages.json");
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                (twilio.accountSid() + ":" + twilio.authToken()).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String name() {
        return "twilio";
    }

    @Override
    public Channel channel() {
        return Channel.SMS;
    }

    @Override
    public Delivery send(Envelope envelope) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("To", envelope.to());
        // the tenant's own number wins over the installation's number and its Messaging Service
        if (present(envelope.from())) {
            form.put("From", envelope.from());
        } else if (present(twilio.from())) {
            form.put("From", twilio.from());
        } else if (present(twilio.messagingServiceSid())) {
            form.put("MessagingServiceSid", twilio.messagingServiceSid());
        } else {
            return new Delivery.Failed("no SMS sender: set the tenant's smsFrom, footbridge.messaging.twilio.from"
                    + " or footbridge.messaging.twilio.messaging-service-sid", false);
        }
        form.put("Body", envelope.text() == null ? "" : envelope.text());
        form.put("StatusCallback", pages.baseUrl() + STATUS_PATH + "?m=" + envelope.messageId());
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(twilio.timeout())
                .header("Authorization", authorization)
                .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form.entrySet().stream()
                        .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                        .collect(Collectors.joining("&"))))
                .build();
        return ProviderCall.send(http, request, "Twilio", "the SMS", this::classify);
    }

    private Delivery classify(HttpResponse<String> response) {
        int status = response.statusCode();
        JsonNode body = parse(response.body());
        if (status >= 200 && status < 300) {
            String sid = body == null ? null : body.path("sid").asString(null);
            return new Delivery.Accepted(sid, false);
        }
        if (status == 429 || status >= 500) {
            return new Delivery.Retry("Twilio answered " + status, RetryAfter.of(response.headers(), Instant.now()));
        }
        Integer code = body == null || !body.path("code").isNumber() ? null : body.path("code").asInt();
        if (status == 401 || (code != null && code == 20003)) {
            // our credentials, not the message: every message would fail alike until someone fixes them
            return new Delivery.Retry("Twilio refused our credentials (" + status + ")", Duration.ofMinutes(5));
        }
        if (code == null) {
            return new Delivery.Failed("Twilio answered " + status, false);
        }
        if (code == TwilioErrors.OPTED_OUT) {
            return new Delivery.Failed(TwilioErrors.describe(code), false, Set.of(Purpose.MARKETING, Purpose.SERVICE));
        }
        return new Delivery.Failed(TwilioErrors.describe(code), TwilioErrors.unreachable(code));
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

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
