package io.footbridge.messaging.sms;

import io.footbridge.consent.Channel;
import io.footbridge.consent.Purpose;
import io.footbridge.messaging.channel.MessagingProperties;
import io.footbridge.messaging.inbound.Inbound;
import io.footbridge.messaging.inbound.Webhooks;
import io.footbridge.messaging.outbound.ProviderCallbacks;
import io.footbridge.platform.HostedPages;
import io.footbridge.platform.ProblemException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Twilio's webhooks: delivery status of the messages we sent, and messages people send to a tenant's number. Every
 * call must carry a valid {@code X-Twilio-Signature}; anything else is refused with 403 before it is looked at.
 * Twilio is always answered 2xx for what it signed, even when we cannot use it (an unknown message, a number no
 * tenant has), so it does not keep retrying.
 */
@RestController
@Hidden
class TwilioHooks {

    static final String INBOUND_PATH = "/hooks/twilio/inbound";
    /** Twilio answers an inbound message with what the TwiML says; we answer through the API, past the gate. */
    private static final String EMPTY_TWIML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>";
    private static final Map<String, String> STATUSES = Map.of("sent", "sent", "delivered", "delivered",
            "undelivered", "failed", "failed", "failed");

    private final MessagingProperties.Twilio twilio;
    private final HostedPages pages;
    private final ProviderCallbacks callbacks;
    private final Inbound inbound;
    private final MeterRegistry meters;

    TwilioHooks(MessagingProperties properties, HostedPages pages, ProviderCallbacks callbacks, Inbound inbound,
                MeterRegistry meters) {
        this.twilio = properties.twilio();
        this.pages = pages;
        this.callbacks = callbacks;
        this.inbound = inbound;
        this.meters = meters;
    }

    @PostMapping(TwilioSms.STATUS_PATH)
    ResponseEntity<Void> status(HttpServletRequest request) {
        Map<String, List<String>> form = verified(request);
        String sid = required(form, "MessageSid");
        String reported = required(form, "MessageStatus").toLowerCase(Locale.ROOT);
        String status = STATUSES.get(reported);
        if (status == null) {
            // queued, sending, accepted, scheduled …: steps before the ones we keep
            count("twilio", "ignored");
            return ResponseEntity.ok().build();
        }
        Integer code = TwilioErrors.parse(Webhooks.first(form, "ErrorCode"));
        boolean failed = status.equals("failed");
        String detail = failed ? (code == null ? "Twilio reported " + reported : TwilioErrors.describe(code))
                : "twilio";
        ProviderCallbacks.Outcome outcome = callbacks.report(new ProviderCallbacks.Report("twilio", sid, status,
                Instant.now().truncatedTo(ChronoUnit.MICROS), detail, "twilio:" + sid + ":" + reported,
                failed && code != null && TwilioErrors.unreachable(code),
                failed && code != null && code == TwilioErrors.OPTED_OUT
                        ? Set.of(Purpose.MARKETING, Purpose.SERVICE) : Set.of(), ourMessage(request)));
        count("twilio", outcome.name().toLowerCase(Locale.ROOT));
        return ResponseEntity.ok().build();
    }

    @PostMapping(value = INBOUND_PATH, produces = MediaType.TEXT_XML_VALUE)
    ResponseEntity<String> inbound(HttpServletRequest request) {
        Map<String, List<String>> form = verified(request);
        String sid = required(form, "MessageSid");
        String from = required(form, "From");
        String to = required(form, "To");
        int media = parseCount(Webhooks.first(form, "NumMedia"));
        String body = Webhooks.first(form, "Body");
        inbound.receive(new Inbound.Received(Channel.SMS, "twilio", sid, from, to,
                Webhooks.first(form, "MessagingServiceSid"), media > 0 && (body == null || body.isEmpty())
                ? "media" : "text", body, media, Instant.now(),
                // Advanced Opt-Out answered the keyword already and says so
                Webhooks.first(form, "OptOutType") != null));
        return ResponseEntity.ok().contentType(MediaType.TEXT_XML).body(EMPTY_TWIML);
    }

    /** Our message id, which the StatusCallback URL carries (and Twilio's signature covers). */
    private static java.util.UUID ourMessage(HttpServletRequest request) {
        String query = request.getQueryString();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            if (pair.startsWith("m=")) {
                try {
                    return java.util.UUID.fromString(pair.substring(2));
                } catch (IllegalArgumentException notOurs) {
                    return null;
                }
            }
        }
        return null;
    }

    private Map<String, List<String>> verified(HttpServletRequest request) {
        if (!twilio.configured() || twilio.authToken() == null || twilio.authToken().isBlank()) {
            throw Webhooks.notSetUp("Twilio", "footbridge.messaging.twilio.account-sid and auth-token");
        }
        byte[] body = Webhooks.body(request);
        Map<String, List<String>> form = Webhooks.form(body);
        if (!TwilioSignature.valid(twilio.authToken(), Webhooks.calledUrl(pages.baseUrl(), request), form,
                request.getHeader("X-Twilio-Signature"))) {
            Counter.builder("footbridge.messaging.webhooks.refused").description("Webhook calls with a bad signature")
                    .tag("provider", "twilio").register(meters).increment();
            throw Webhooks.forged("X-Twilio-Signature");
        }
        return form;
    }

    private static String required(Map<String, List<String>> form, String name) {
        String value = Webhooks.first(form, name);
        if (value == null || value.isBlank()) {
            throw ProblemException.invalid(name, "is required");
        }
        if (value.length() > 200 && !name.equals("Body")) {
            throw ProblemException.invalid(name, "is longer than 200 characters");
        }
        return value.strip();
    }

    private static int parseCount(String value) {
        try {
            return value == null ? 0 : Math.max(0, Math.min(100, Integer.parseInt(value.strip())));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private void count(String provider, String outcome) {
        Counter.builder("footbridge.messaging.callbacks").description("Provider status callbacks by outcome")
                .tag("provider", provider).tag("outcome", outcome).register(meters).increment();
    }
}
