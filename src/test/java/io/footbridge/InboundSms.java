package io.footbridge;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A customer's text message arriving at a tenant's SMS number through Twilio's webhook, signed as Twilio signs it
 * (computed here from Twilio's documentation, independently of the code under test).
 */
public final class InboundSms {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final int port;
    private final ApiClient anonymous;
    /** The tenant's own SMS number, where its customers' messages arrive. */
    private final String number;

    /** Gives the tenant an SMS number of its own (through the installer), where customers' messages arrive. */
    public InboundSms(int port, ApiClient anonymous, ApiClient installer, UUID tenantId) {
        this.port = port;
        this.anonymous = anonymous;
        this.number = phone();
        var senders = installer.put("/api/v1/messaging/senders?tenant=" + tenantId, Map.of("smsFrom", number));
        assertThat(senders.status()).as(senders.toString()).isEqualTo(200);
    }

    /** A German mobile number nobody else in the tests uses. */
    public static String phone() {
        return "+49151" + (10_000_000 + RANDOM.nextInt(90_000_000));
    }

    /** {@code from} writes {@code text} to the tenant's number. */
    public void receive(String from, String text) {
        String sid = "SM" + UUID.randomUUID().toString().replace("-", "");
        Map<String, String> form = new LinkedHashMap<>();
        form.put("SmsMessageSid", sid);
        form.put("NumMedia", "0");
        form.put("SmsSid", sid);
        form.put("SmsStatus", "received");
        form.put("Body", text);
        form.put("To", number);
        form.put("NumSegments", "1");
        form.put("MessageSid", sid);
        form.put("AccountSid", ApiTest.TWILIO_ACCOUNT);
        form.put("From", from);
        form.put("ApiVersion", "2010-04-01");
        String path = "/hooks/twilio/inbound";
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        var response = anonymous.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", sign(path, form))
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(response.status()).as(response.toString()).isLessThan(300);
    }

    private String sign(String path, Map<String, String> params) {
        StringBuilder data = new StringBuilder("http://localhost:" + port + path);
        new TreeMap<>(params).forEach((name, value) -> data.append(name).append(value));
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(ApiTest.TWILIO_TOKEN.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
