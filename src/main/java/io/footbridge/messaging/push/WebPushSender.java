package io.footbridge.messaging.push;

import com.interaso.webpush.WebPush;
import io.footbridge.consent.Channel;
import io.footbridge.messaging.channel.Delivery;
import io.footbridge.messaging.channel.Envelope;
import io.footbridge.messaging.channel.MessagingProperties;
import io.footbridge.messaging.channel.Provider;
import io.footbridge.messaging.channel.ProviderCall;
import io.footbridge.messaging.channel.RetryAfter;
import io.footbridge.platform.OutboundAddresses;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Web push: the message's title, text and first link, as JSON, encrypted for the browser (aes128gcm, RFC 8291) and
 * posted to its push service with a VAPID token (RFC 8292) by {@code com.interaso:webpush}. A push service that says
 * the subscription is gone (404, 410) has it removed, and the message fails; one that is busy (429, 5xx) gets it
 * again later.
 */
@Component
class WebPushSender implements Provider {

    private static final Pattern LINK = Pattern.compile("https?://\\S+");
    /** A push service takes 4096 bytes of encrypted body; the record's header and tag take 103 of them. */
    private static final int MAX_PAYLOAD = 3900;

    private final PushRepository repository;
    private final VapidKeys vapid;
    private final OutboundAddresses addresses;
    private final MessagingProperties.Push properties;
    private final JsonMapper json;
    private final HttpClient http;
    private volatile WebPush webPush;

    WebPushSender(PushRepository repository, VapidKeys vapid, OutboundAddresses addresses,
                  MessagingProperties properties, JsonMapper json) {
        this.repository = repository;
        this.vapid = vapid;
        this.addresses = addresses;
        this.properties = properties.push();
        this.json = json;
        Duration connect = this.properties.timeout().compareTo(Duration.ofSeconds(5)) < 0
                ? this.properties.timeout() : Duration.ofSeconds(5);
        // push services answer on the request itself; a redirect is never followed to another address
        this.http = HttpClient.newBuilder().connectTimeout(connect).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public String name() {
        return "webpush";
    }

    @Override
    public Channel channel() {
        return Channel.PUSH;
    }

    @Override
    public Delivery send(Envelope envelope) {
        Optional<PushRepository.Subscription> found = subscription(envelope);
        if (found.isEmpty()) {
            return new Delivery.Failed("the push subscription is gone (the browser unsubscribed)", true);
        }
        PushRepository.Subscription subscription = found.get();
        URI endpoint = URI.create(subscription.endpoint());
        Optional<String> refused = addresses.refusal(endpoint);
        if (refused.isPresent()) {
            return new Delivery.Failed("the push service's address " + refused.get(), false);
        }
        WebPush push = webPush();
        byte[] body = push.getBody(payload(envelope), decode(subscription.p256dh()), decode(subscription.auth()));
        Map<String, String> headers = push.getHeaders(subscription.endpoint(),
                (int) Math.min(Integer.MAX_VALUE, properties.ttl().toSeconds()), null,
                envelope.purpose() == io.footbridge.consent.Purpose.SERVICE ? WebPush.Urgency.High
                        : WebPush.Urgency.Normal);
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(properties.timeout())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return ProviderCall.send(http, request.build(), "the push service", "the notification",
                response -> classify(response, subscription));
    }

    private Delivery classify(HttpResponse<String> response, PushRepository.Subscription subscription) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return new Delivery.Accepted(response.headers().firstValue("Location").orElse(null), false);
        }
        if (status == 404 || status == 410) {
            // the browser dropped the subscription (unsubscribed, cleared its data, the app was removed)
            repository.delete(subscription.tenantId(), subscription.id());
            return new Delivery.Failed("the push service says the subscription is gone (" + status + ")", true);
        }
        if (status == 429 || status >= 500) {
            return new Delivery.Retry("the push service answered " + status,
                    RetryAfter.of(response.headers(), Instant.now()));
        }
        return new Delivery.Failed("the push service refused the notification (" + status + ")", false);
    }

    /** What the service worker shows: the title, the text, and the page a tap opens. */
    private byte[] payload(Envelope envelope) {
        String text = envelope.text() == null ? "" : envelope.text();
        Matcher link = LINK.matcher(text);
        Map<String, Object> notification = new LinkedHashMap<>();
        notification.put("title", envelope.subject() != null ? envelope.subject() : envelope.fromName());
        notification.put("body", text);
        notification.put("url", link.find() ? link.group() : null);
        notification.put("tag", envelope.messageId().toString());
        byte[] bytes = json.writeValueAsBytes(notification);
        while (bytes.length > MAX_PAYLOAD && text.length() > 1) {
            // cut between code points: half an emoji is no text
            text = text.substring(0, text.offsetByCodePoints(0, text.codePointCount(0, text.length()) * 3 / 4))
                    + "…";
            notification.put("body", text);
            bytes = json.writeValueAsBytes(notification);
        }
        return bytes;
    }

    private Optional<PushRepository.Subscription> subscription(Envelope envelope) {
        try {
            return repository.find(envelope.tenantId(), UUID.fromString(envelope.to()));
        } catch (IllegalArgumentException | NullPointerException notASubscription) {
            return Optional.empty();
        }
    }

    private WebPush webPush() {
        WebPush current = webPush;
        if (current == null) {
            current = new WebPush(properties.subject(), vapid.keys());
            webPush = current;
        }
        return current;
    }

    private static byte[] decode(String base64url) {
        return Base64.getUrlDecoder().decode(base64url);
    }
}
