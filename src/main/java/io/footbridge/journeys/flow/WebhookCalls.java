package io.footbridge.journeys.flow;

import io.footbridge.platform.OutboundAddresses;
import io.footbridge.platform.Signatures;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Calls a step's webhook at most once per try. The step's line is committed as {@code started} before the call, on
 * its own: a node that dies during the call leaves it so, and the next run marks it {@code unknown} and moves on
 * instead of calling again. A call that fails (time-out, 5xx) is tried again with back-off, then parked.
 */
@Component
class WebhookCalls {

    static final int TRIES = 4;
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final JourneyRepository repository;
    private final TransactionTemplate alone;
    private final JsonMapper json;
    private final OutboundAddresses addresses;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    WebhookCalls(JourneyRepository repository, PlatformTransactionManager transactions, JsonMapper json,
                 OutboundAddresses addresses) {
        this.addresses = addresses;
        this.repository = repository;
        this.alone = new TransactionTemplate(transactions);
        this.alone.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.json = json;
    }

    /** The outcome; the step's line exists already (its status is to be updated, not inserted). */
    Actions.Outcome call(JourneyRepository.Entry e, Program.Webhook step, int pc, int seq, Instant now) {
        if (e.holdout()) {
            return null;
        }
        Optional<String> before = repository.stepStatus(e.id(), seq);
        if (before.isPresent() && before.get().equals("started")) {
            return Actions.Outcome.of("unknown", "the call was under way when its node stopped; not repeated");
        }
        alone.executeWithoutResult(s -> {
            if (before.isEmpty()) {
                repository.step(e, pc, seq, step, "started", null, now);
            } else {
                repository.stepOutcome(e.id(), seq, "started", "try " + (e.attempts() + 1), now);
            }
        });
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("journeyId", e.journeyId());
        body.put("version", e.version());
        body.put("entryId", e.id());
        body.put("personId", e.personId());
        body.put("step", step.path());
        body.put("at", now.toString());
        String failure;
        // checked again at each call: a name may resolve elsewhere than when the journey was saved
        java.util.Optional<String> refused = addresses.refusal(URI.create(step.url()));
        try {
            if (refused.isPresent()) {
                throw new java.net.ConnectException("not called: the address " + refused.get());
            }
            String payload = json.writeValueAsString(body);
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(step.url())).timeout(TIMEOUT)
                    .header("Content-Type", "application/json")
                    .header("Idempotency-Key", Actions.key(e, seq));
            repository.webhookSecret(e.journeyId()).ifPresent(secret -> request.header("X-Footbridge-Signature",
                    "sha256=" + Signatures.webhook(secret, payload)));
            HttpResponse<Void> response = http.send(request.POST(HttpRequest.BodyPublishers.ofString(payload,
                    java.nio.charset.StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 == 2) {
                return Actions.Outcome.of("done", "HTTP " + response.statusCode());
            }
            failure = "HTTP " + response.statusCode();
        } catch (java.io.IOException ex) {
            failure = ex instanceof java.net.http.HttpTimeoutException ? "timed out" : "could not connect";
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            failure = "interrupted";
        }
        int tries = e.attempts() + 1;
        if (tries >= TRIES) {
            return Actions.Outcome.of("parked", failure + " after " + tries + " tries");
        }
        String detail = failure;
        alone.executeWithoutResult(s -> repository.stepOutcome(e.id(), seq, "retrying", detail, now));
        return new Actions.Outcome(null, failure, now.plus(backoff(tries)));
    }

    static Duration backoff(int tries) {
        return Duration.ofSeconds(30L << Math.min(10, 2 * (tries - 1)));
    }
}
