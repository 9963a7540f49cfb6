package io.footbridge.audiences.membership;

import io.footbridge.bench.BenchApi;
import io.footbridge.consent.Channel;
import io.footbridge.consent.ConsentGate;
import io.footbridge.consent.Purpose;
import io.footbridge.messaging.Messages;
import io.footbridge.offers.IssuedCoupon;
import io.footbridge.offers.Offers;
import io.footbridge.platform.Timestamps;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The campaign figure of {@code bench segments --campaign=N}: a campaign with an offer to everyone who signed up,
 * sent by hand and timed by the send call (drawn, through the consent gate, a code issued and the message queued for
 * each), split into the draw and the delivery; then, to say where the delivery's time goes, the steps it takes for
 * each recipient timed one by one over a sample of them (the gate, a coupon issued, a message queued, and a
 * transaction that only updates the recipient's row). Client and server share the machine.
 */
final class CampaignBench {

    private static final int SAMPLE = 1000;

    private CampaignBench() {
    }

    static void run(String base, BenchApi api, HttpClient http, JdbcClient jdbc, ApplicationContext context,
                    UUID tenantId, String admin, int profiles) throws Exception {
        put(http, base + "/api/v1/message-templates/bench-offer/email/en", admin, "{\"subject\": \"News\","
                + " \"text\": \"Your code: {{code}}\", \"html\": \"<p>Your code: {{code}}</p>\"}");
        String offer = api.call(base + "/api/v1/offers", admin, Map.of("name", "Bench 10 %", "type", "percent",
                "percent", 10, "currency", "EUR", "validFrom", Instant.now().minus(1, ChronoUnit.DAYS).toString(),
                "validUntil", Instant.now().plus(30, ChronoUnit.DAYS).toString()), 201).get("id").asString();
        JsonNode everyone = api.call(base + "/api/v1/segments", admin, Map.of("name", "Signed up (campaign)",
                "rule", Map.of("event", Map.of("type", "loyalty.signup"))), 201);
        JsonNode campaign = api.call(base + "/api/v1/campaigns", admin, Map.of("name", "Bench with codes",
                "segmentId", everyone.get("id").asString(), "channel", "email", "template", "bench-offer",
                "offerId", offer), 201);
        UUID id = UUID.fromString(campaign.get("id").asString());

        long start = System.nanoTime();
        // the send call draws and delivers before it answers: at this size that can take longer than BenchApi waits
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/campaigns/"
                        + id + "/send")).timeout(Duration.ofHours(2)).header("Authorization", admin)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        double took = (System.nanoTime() - start) / 1e9;
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the send was refused: " + response.statusCode() + " " + response.body());
        }
        Map<String, Object> times = jdbc.sql("SELECT sent_at, drawn_at FROM campaign WHERE id = :id")
                .param("id", id).query().singleRow();
        double draw = Duration.between(instant(times.get("sent_at")), instant(times.get("drawn_at"))).toMillis()
                / 1e3;
        // handed over: queued, or since moved on by messaging (sent, delivered …)
        long blocked = count(jdbc, id, "blocked");
        long queued = jdbc.sql("SELECT COUNT(*) FROM campaign_recipient WHERE campaign_id = :id"
                + " AND status NOT IN ('pending', 'held_out', 'blocked', 'cancelled')").param("id", id)
                .query(Long.class).single();
        long codes = jdbc.sql("SELECT COUNT(*) FROM campaign_recipient WHERE campaign_id = :id"
                + " AND coupon_id IS NOT NULL").param("id", id).query(Long.class).single();
        double delivery = took - draw;
        System.out.printf("a campaign with an offer to %,d profiles: %,d queued (%,d codes issued), %,d blocked by"
                        + " the gate, in %.1f s (%,.0f recipients/s): the draw %.1f s, the delivery %.1f s"
                        + " (%.2f ms a recipient)%n", profiles, queued, codes, blocked, took, (queued + blocked) / took,
                draw, delivery, (queued + blocked) == 0 ? 0 : delivery * 1e3 / (queued + blocked));

        // the same steps one by one, each in a transaction of its own as the delivery takes them
        List<UUID> sample = jdbc.sql("""
                        SELECT person_id FROM campaign_recipient WHERE campaign_id = :id AND coupon_id IS NOT NULL
                        ORDER BY person_id LIMIT :n
                        """)
                .param("id", id).param("n", SAMPLE).query(UUID.class).list();
        if (sample.isEmpty()) {
            return;
        }
        ConsentGate gate = context.getBean(ConsentGate.class);
        Offers offers = context.getBean(Offers.class);
        Messages messages = context.getBean(Messages.class);
        TransactionTemplate transaction = context.getBean(TransactionTemplate.class);
        String run = UUID.randomUUID().toString().substring(0, 8);
        UUID offerId = UUID.fromString(offer);
        double gateMs = each(sample, person -> gate.check(new ConsentGate.Ask(tenantId, person, Channel.EMAIL,
                Purpose.MARKETING, null, null, Instant.now())));
        double couponMs = each(sample, person -> transaction.executeWithoutResult(status -> offers.issue(tenantId,
                offerId, person, "email", "bench", "bench:" + run + ":" + person)));
        double messageMs = each(sample, person -> transaction.executeWithoutResult(status -> {
            IssuedCoupon coupon = offers.issue(tenantId, offerId, person, "email", "bench", "bench:" + run + ":"
                    + person);
            messages.send(new Messages.Outgoing(tenantId, person, Channel.EMAIL, Purpose.MARKETING, null,
                    "bench-offer", null, Map.of("code", coupon.displayCode()), "bench:" + run + ":" + person, null,
                    "campaign"));
        }));
        double rowMs = each(sample, person -> transaction.executeWithoutResult(status -> jdbc.sql("""
                        UPDATE campaign_recipient SET handled_at = :now WHERE campaign_id = :id AND person_id = :p
                        """)
                .param("now", Timestamps.now()).param("id", id).param("p", person).update()));
        System.out.printf("its steps one by one over %,d recipients: the gate %.2f ms, a code issued (own"
                        + " transaction) %.2f ms, a message queued (its code already issued: the same key) %.2f ms,"
                        + " a transaction updating the recipient's row %.2f ms; the delivery took %.2f ms a"
                        + " recipient%n", sample.size(), gateMs, couponMs, messageMs, rowMs,
                (queued + blocked) == 0 ? 0 : delivery * 1e3 / (queued + blocked));
    }

    private static long count(JdbcClient jdbc, UUID id, String status) {
        return jdbc.sql("SELECT COUNT(*) FROM campaign_recipient WHERE campaign_id = :id AND status = :s")
                .param("id", id).param("s", status).query(Long.class).single();
    }

    /** The mean time of a step over the people, in milliseconds. */
    private static double each(List<UUID> people, java.util.function.Consumer<UUID> step) {
        long start = System.nanoTime();
        people.forEach(step);
        return (System.nanoTime() - start) / 1e6 / people.size();
    }

    private static Instant instant(Object value) {
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toInstant();
        }
        if (value instanceof java.time.OffsetDateTime offset) {
            return offset.toInstant();
        }
        throw new IllegalStateException("not a time: " + value);
    }

    private static void put(HttpClient http, String url, String authorization, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", authorization).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("refused: " + response.statusCode() + " " + response.body());
        }
    }
}
