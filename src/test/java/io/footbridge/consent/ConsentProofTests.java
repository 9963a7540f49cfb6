package io.footbridge.consent;

import io.footbridge.ApiTest;
import io.footbridge.messaging.Messages;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The proof the consent gate asks for: thousands of sends, from several threads, to people whose permissions were
 * drawn at random (granted, withdrawn, in any order, for the profile or for one address, on some a suppression), and
 * not one message goes out that the permissions did not allow, nor is one held back that they did.
 */
class ConsentProofTests extends ApiTest {

    private static final int PEOPLE = 120;
    private static final int SENDS = 3000;
    private static final List<Channel> CHANNELS = List.of(Channel.EMAIL, Channel.SMS, Channel.WHATSAPP);

    @Autowired
    private Consents consents;
    @Autowired
    private Suppressions suppressions;
    @Autowired
    private Messages messages;
    @Autowired
    private TransactionTemplate transaction;

    record Person(UUID profileId, String email, String phone) {

        String address(Channel channel) {
            return channel == Channel.EMAIL ? email : phone;
        }
    }

    /** A ledger line as the test drew it: the oracle replays these. */
    record Line(Channel channel, Purpose purpose, boolean granted, Instant at) {
    }

    @Test
    void notOneMessageGoesOutWithoutConsentAndNoneIsHeldBackWithIt() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        TestTenant tenant = newTenant();
        String domain = "proof" + UUID.randomUUID().toString().substring(0, 6) + ".example.com";
        List<Person> people = people(tenant, domain);

        Map<String, List<Line>> lines = new HashMap<>();
        Map<String, Boolean> suppressed = new HashMap<>();
        for (Person person : people) {
            for (Channel channel : CHANNELS) {
                for (Purpose purpose : Purpose.values()) {
                    int count = random.nextInt(4);
                    for (int i = 0; i < count; i++) {
                        Line line = new Line(channel, purpose, random.nextBoolean(),
                                Instant.now().minusSeconds(60 + random.nextInt(86_400 * 30)));
                        lines.computeIfAbsent(key(person, channel, purpose), k -> new ArrayList<>()).add(line);
                        boolean forAddress = random.nextInt(3) == 0;
                        consents.record(new NewConsent(tenant.id(), forAddress ? null : person.profileId(),
                                forAddress ? channel.addressType() : null, forAddress ? person.address(channel) : null,
                                channel, purpose, line.granted(), line.at(), "proof", null, null, null, Map.of(),
                                null));
                    }
                }
            }
            for (Channel channel : CHANNELS) {
                if (random.nextInt(10) == 0 && !suppressed.containsKey(person.address(channel) + channel)) {
                    suppressions.suppress(tenant.id(), channel, person.address(channel), Suppressions.Reason.MANUAL,
                            "proof");
                    suppressed.put(person.address(channel) + channel, true);
                }
            }
        }

        Map<UUID, Boolean> expected = new ConcurrentHashMap<>();
        ExecutorService senders = Executors.newFixedThreadPool(6);
        List<Long> draws = new ArrayList<>();
        for (int i = 0; i < SENDS; i++) {
            draws.add(random.nextLong());
        }
        for (long draw : draws) {
            senders.execute(() -> {
                Random pick = new Random(draw);
                Person person = people.get(pick.nextInt(people.size()));
                Channel channel = CHANNELS.get(pick.nextInt(CHANNELS.size()));
                Purpose purpose = Purpose.values()[pick.nextInt(2)];
                Messages.Queued queued = transaction.execute(tx -> messages.send(new Messages.Outgoing(tenant.id(),
                        person.profileId(), channel, purpose, null, "inbox.reply", "en",
                        Map.of("text", "Proof message"), null, null, "proof")));
                expected.put(queued.messageId(), allowed(lines.get(key(person, channel, purpose)), purpose,
                        suppressed.containsKey(person.address(channel) + channel)));
            });
        }
        senders.shutdown();
        assertThat(senders.awaitTermination(5, TimeUnit.MINUTES)).isTrue();
        awaitSettled(tenant.id());

        Map<UUID, String> outcome = new HashMap<>();
        jdbc.sql("SELECT id, status FROM message WHERE tenant_id = :t").param("t", tenant.id())
                .query(rs -> {
                    outcome.put(rs.getObject(1, UUID.class), rs.getString(2));
                });
        List<String> wrong = new ArrayList<>();
        int sent = 0;
        for (var entry : expected.entrySet()) {
            String status = outcome.get(entry.getKey());
            boolean wentOut = List.of("sent", "delivered", "opened", "clicked").contains(status);
            sent += wentOut ? 1 : 0;
            if (entry.getValue() != !"blocked".equals(status) || (!entry.getValue() && wentOut)) {
                wrong.add(entry.getKey() + ": expected " + (entry.getValue() ? "allowed" : "blocked") + ", was "
                        + status);
            }
        }
        System.out.printf("consent proof (seed %d): %d sends, %d went out, %d refused, %d wrong%n",
                seed, expected.size(), sent, expected.size() - sent, wrong.size());
        assertThat(expected).hasSize(SENDS);
        assertThat(wrong).as("seed " + seed).isEmpty();
        assertThat(sent).as("the draw must allow some and refuse some").isBetween(SENDS / 10, SENDS * 9 / 10);
        long mailed = java.util.Arrays.stream(SMTP.getReceivedMessages()).filter(m -> {
            try {
                return m.getAllRecipients()[0].toString().endsWith("@" + domain);
            } catch (jakarta.mail.MessagingException e) {
                return false;
            }
        }).count();
        long emailsAllowed = expected.entrySet().stream().filter(e -> e.getValue()).filter(e -> jdbc.sql(
                "SELECT channel FROM message WHERE id = :id").param("id", e.getKey()).query(String.class).single()
                .equals("email")).count();
        assertThat(mailed).as("what reached the SMTP server").isEqualTo(emailsAllowed);
    }

    /** The oracle: the newest line decides; marketing needs a grant, service only no withdrawal; suppression wins. */
    private static boolean allowed(List<Line> history, Purpose purpose, boolean suppressed) {
        if (suppressed) {
            return false;
        }
        Line newest = null;
        for (Line line : history == null ? List.<Line>of() : history) {
            // on equal times the line recorded later wins, as in the ledger
            if (newest == null || !line.at().isBefore(newest.at())) {
                newest = line;
            }
        }
        return purpose == Purpose.MARKETING ? newest != null && newest.granted() : newest == null || newest.granted();
    }

    private List<Person> people(TestTenant tenant, String domain) {
        var events = anonymous.bearer(tenant.createKey("events", null, "events:write"));
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < PEOPLE; i++) {
            batch.add(Map.of("eventId", "proof-" + i, "type", "loyalty.signup", "occurredAt",
                    Instant.now().minusSeconds(3600).toString(), "identifiers", Map.of("email", "p" + i + "@" + domain,
                            "phone", String.format("+49151%08d", 10_000_000 + i))));
        }
        var response = events.post("/api/v1/events/batch", Map.of("events", batch));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        awaitResolved(tenant.id());
        List<Person> people = new ArrayList<>();
        for (int i = 0; i < PEOPLE; i++) {
            String email = "p" + i + "@" + domain;
            UUID profile = jdbc.sql("""
                            SELECT p.root_id FROM profile_identifier i JOIN profile p ON p.id = i.profile_id
                            WHERE i.tenant_id = :t AND i.type = 'email' AND i.id_value = :v
                            """).param("t", tenant.id()).param("v", email).query(UUID.class).single();
            people.add(new Person(profile, email, String.format("+49151%08d", 10_000_000 + i)));
        }
        return people;
    }

    private void awaitSettled(UUID tenantId) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 240_000;
        while (System.currentTimeMillis() < deadline) {
            long open = jdbc.sql("SELECT COUNT(*) FROM message WHERE tenant_id = :t AND status IN ('queued', 'sending')")
                    .param("t", tenantId).query(Long.class).single();
            if (open == 0) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("messages were still queued");
    }

    private static String key(Person person, Channel channel, Purpose purpose) {
        return person.profileId() + "/" + channel + "/" + purpose;
    }
}
