package io.footbridge.messaging.bench;

import io.footbridge.bench.Statistics;
import io.footbridge.capture.EventRecorder;
import io.footbridge.consent.Channel;
import io.footbridge.consent.Consents;
import io.footbridge.consent.NewConsent;
import io.footbridge.consent.Purpose;
import io.footbridge.identity.IdentifierType;
import io.footbridge.identity.IdentityGraph;
import io.footbridge.messaging.Messages;
import io.footbridge.platform.CommandOptions;
import io.footbridge.platform.Database;
import io.footbridge.platform.Tenants;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;


/**
 * {@code java -jar footbridge.jar bench messages}: the send pipeline measured end to end — queueing through
 * {@link Messages} (address lookup, consent gate, template, insert) from several threads while the workers claim,
 * gate again and hand over — first to the development outbox (SMS), then over SMTP to a local server.
 */
@Component
@ConditionalOnProperty(name = "footbridge.command", havingValue = "bench")
public class MessageBenchmark implements ApplicationRunner {

    private static SmtpSink sink;

    private final Messages messages;
    private final Consents consents;
    private final EventRecorder recorder;
    private final IdentityGraph identity;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final javax.sql.DataSource dataSource;
    private final Database database;
    private final Tenants tenants;

    MessageBenchmark(Messages messages, Consents consents, EventRecorder recorder, IdentityGraph identity,
                     JdbcClient jdbc, TransactionTemplate transaction, javax.sql.DataSource dataSource,
                     Database database, Tenants tenants) {
        this.tenants = tenants;
        this.dataSource = dataSource;
        this.database = database;
        this.messages = messages;
        this.consents = consents;
        this.recorder = recorder;
        this.identity = identity;
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    /**
     * Before the application starts: a local SMTP server for email (unless {@code --spring.mail.host} names one) and
     * providers that are not held back by their production send rates.
     */
    public static List<String> prepare(String[] args) throws IOException {
        // --rate=N paces each provider at N messages a second, as production does; by default nothing holds them back
        String rate = java.util.Arrays.stream(args).filter(a -> a.startsWith("--rate=")).map(a -> a.substring(7))
                .findFirst().orElse("1000000");
        List<String> extra = new ArrayList<>(List.of("--footbridge.messaging.email.rate-per-second=" + rate,
                "--footbridge.messaging.sms.rate-per-second=" + rate, "--footbridge.messaging.sms.provider=outbox"));
        if (java.util.Arrays.stream(args).noneMatch(a -> a.startsWith("--spring.mail.host"))
                && System.getenv("SPRING_MAIL_HOST") == null) {
            sink = new SmtpSink();
            extra.add("--spring.mail.host=127.0.0.1");
            extra.add("--spring.mail.port=" + sink.port());
        }
        return extra;
    }

    @Override
    public void run(ApplicationArguments args) throws Exception {
        if (!args.getNonOptionArgs().contains("messages")) {
            return;
        }
        CommandOptions options = CommandOptions.parse(args.getSourceArgs(),
                CommandOptions.Spec.of("messages", "people", "threads", "rate")
                        .after("bench", "messages").passingSpringSettings());
        int count = options.count("messages", 10_000);
        int people = Math.min(count, options.count("people", 1000));
        int threads = options.count("threads", 8);
        // the tenant the installer made, first of the database this benchmark fills
        UUID tenantId = tenants.all().stream().findFirst().map(Tenants.TenantRef::id).orElseThrow();
        System.out.printf("%nFootbridge message benchmark, %d cores, Java %s, %s%n",
                Runtime.getRuntime().availableProcessors(), Runtime.version(), database());
        List<UUID> profiles = people(tenantId, people);
        Statistics.refresh(database, dataSource);
        System.out.printf("%d people with email and SMS marketing permission, %d queueing threads%n", people, threads);
        run("development outbox (SMS)", tenantId, profiles, Channel.SMS, count, threads);
        run("SMTP to a local server", tenantId, profiles, Channel.EMAIL, count, threads);
        if (sink != null) {
            System.out.printf("the local SMTP server accepted %,d messages%n", sink.accepted());
            sink.close();
        }
    }

    private void run(String label, UUID tenantId, List<UUID> profiles, Channel channel, int count, int threads)
            throws InterruptedException {
        String origin = "bench-" + channel.value() + "-" + UUID.randomUUID().toString().substring(0, 6);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            pool.execute(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    UUID profile = profiles.get(i % profiles.size());
                    transaction.execute(tx -> messages.send(new Messages.Outgoing(tenantId, profile, channel,
                            Purpose.MARKETING, null, "bench", "en", Map.of("n", 1), null, null, origin)));
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.HOURS);
        long queued = System.nanoTime();
        long done;
        while (true) {
            long open = jdbc.sql("""
                            SELECT COUNT(*) FROM message WHERE tenant_id = :t AND origin = :origin
                              AND status IN ('queued', 'sending')
                            """).param("t", tenantId).param("origin", origin).query(Long.class).single();
            if (open == 0) {
                done = System.nanoTime();
                break;
            }
            Thread.sleep(250);
        }
        long out = jdbc.sql("""
                        SELECT COUNT(*) FROM message WHERE tenant_id = :t AND origin = :origin
                          AND status IN ('sent', 'delivered')
                        """).param("t", tenantId).param("origin", origin).query(Long.class).single();
        System.out.printf("%-26s %,d messages: queued at %,.0f/s; all handed over after %.1f s: %,.0f messages/s end"
                        + " to end (%,d sent)%n", label, count, count / ((queued - start) / 1e9),
                (done - start) / 1e9, count / ((done - start) / 1e9), out);
    }

    /** People with an email and a mobile number, both with marketing permission, and a bench template. */
    private List<UUID> people(UUID tenantId, int n) {
        String run = UUID.randomUUID().toString().substring(0, 6);
        List<EventRecorder.NewEvent> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(new EventRecorder.NewEvent("bench-" + run + "-" + i, "loyalty.signup", Instant.now(), null, null,
                    "{\"email\":\"b" + i + "-" + run + "@bench.example.com\",\"phone\":\"+49151" + (20_000_000 + i) + "\"}",
                    "{}"));
        }
        transaction.executeWithoutResult(tx -> recorder.record(tenantId, "bench", events));
        jdbc.sql("""
                        INSERT INTO message_template (tenant_id, template_key, channel, language, subject, body_html,
                            body_text, updated_at)
                        VALUES (:t, 'bench', 'email', 'en', 'News for you', '<p>Hello, here is news number {{n}}.</p>
                            <p><a href="https://shop.example.com/news">Read more</a></p>', NULL, CURRENT_TIMESTAMP),
                               (:t, 'bench', 'sms', 'en', NULL, NULL, 'News number {{n}}: https://shop.example.com/news',
                            CURRENT_TIMESTAMP)
                        ON CONFLICT DO NOTHING
                        """).param("t", tenantId).update();
        List<UUID> profiles = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 600_000;
        for (int i = 0; i < n; i++) {
            String email = "b" + i + "-" + run + "@bench.example.com";
            UUID profile = null;
            while (profile == null) {
                profile = identity.findByIdentifier(tenantId, IdentifierType.EMAIL, email).orElse(null);
                if (profile == null) {
                    if (System.currentTimeMillis() > deadline) {
                        throw new IllegalStateException("identity resolution did not catch up");
                    }
                    sleep();
                }
            }
            UUID id = profile;
            transaction.executeWithoutResult(tx -> {
                for (Channel channel : List.of(Channel.EMAIL, Channel.SMS)) {
                    consents.record(new NewConsent(tenantId, id, null, null, channel, Purpose.MARKETING, true,
                            Instant.now(), "bench", null, null, null, Map.of(), null));
                }
            });
            profiles.add(profile);
        }
        return profiles;
    }

    private String database() {
        return database.description();
    }


    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
