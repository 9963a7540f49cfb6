package io.footbridge.audiences;

import io.footbridge.ApiClient;
import io.footbridge.ApiTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.footbridge.audiences.SegmentsTestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A campaign limited to some stores and sent at a wall-clock time: each recipient gets it at that time on their
 * store's clock, kept by the one background scheduler.
 */
class CampaignLocalTimeTests extends ApiTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private TestTenant tenant;
    private ApiClient admin;
    private ApiClient writer;
    private String run;

    @BeforeEach
    void setUp() {
        tenant = newTenant();
        admin = tenant.admin();
        store("BER-1", "DE", BERLIN);
        store("HAM-1", "DE", BERLIN);
        store("NYC-1", "US", NEW_YORK);
        writer = anonymous.bearer(tenant.createKey("forms", null, "events:write"));
        run = UUID.randomUUID().toString().substring(0, 8);
        var saved = admin.put("/api/v1/message-templates/news/email/en", Map.of("subject", "News", "text",
                "New in store", "html", "<p>New in store</p>"));
        assertThat(saved.status()).as(saved.toString()).isIn(200, 201);
    }

    @Test
    void berlinRecipientsGetItAtNineUtcAndNewYorkOnesAtFifteenUtcAndOtherStoresNotAtAll() {
        String segment = segment(Map.of("b1", "BER-1", "b2", "BER-1", "n1", "NYC-1", "n2", "NYC-1", "h1", "HAM-1"));
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate day = LocalDate.of(today.getYear(), 12, 8);
        if (!day.isAfter(today)) {
            day = day.plusYears(1);
        }
        LocalDateTime local = day.atTime(10, 0);
        Instant berlin = day.atTime(9, 0).toInstant(ZoneOffset.UTC);
        Instant newYork = day.atTime(15, 0).toInstant(ZoneOffset.UTC);

        var created = admin.post("/api/v1/campaigns", Map.of("name", "Ten o'clock", "segmentId", segment,
                "channel", "email", "template", "news", "stores", List.of("BER-1", "NYC-1"),
                "sendAt", Map.of("local", local.toString())));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asString();
        assertThat(created.json().get("status").asString()).isEqualTo("scheduled");
        // the audience is drawn when the first store's clock shows the time: Berlin's
        assertThat(Instant.parse(created.json().get("sendAt").asString())).isEqualTo(berlin);
        assertThat(created.json().get("sendAtLocal").asString()).startsWith(local.toString());
        assertThat(jdbc.sql("SELECT execution_time FROM scheduled_tasks WHERE task_name = 'campaign-start'"
                        + " AND task_instance = :id").param("id", id).query(Timestamp.class).single().toInstant())
                .isEqualTo(berlin);
        assertThat(admin.post("/api/v1/campaigns/" + id + "/send", "{}").status()).isEqualTo(409);

        // drive the clock: the scheduler's time for the start has come
        jdbc.sql("UPDATE scheduled_tasks SET execution_time = :now WHERE task_name = 'campaign-start'"
                + " AND task_instance = :id").param("now", Timestamp.from(Instant.now())).param("id", id).update();
        await(() -> jdbc.sql("SELECT COUNT(*) FROM campaign WHERE id = :id AND drawn_at IS NOT NULL")
                .param("id", UUID.fromString(id)).query(Long.class).single() == 1, Duration.ofSeconds(30),
                "the scheduler draws the audience");
        Map<String, Instant> due = dueByStore(id);
        assertThat(due).containsOnly(Map.entry("BER-1", berlin), Map.entry("NYC-1", newYork));
        assertThat(recipients(id)).hasSize(4).allSatisfy((person, status) -> assertThat(status).isEqualTo("pending"));

        // drive the clock on to Berlin's 10:00: Berlin's recipients go, New York's wait six hours more
        Duration shift = Duration.between(Instant.now(), berlin);
        jdbc.sql("SELECT person_id, due_at FROM campaign_recipient WHERE campaign_id = :id")
                .param("id", UUID.fromString(id))
                .query((rs, row) -> Map.entry(rs.getObject("person_id", UUID.class),
                        rs.getTimestamp("due_at").toInstant()))
                .list().forEach(row -> jdbc.sql("UPDATE campaign_recipient SET due_at = :due WHERE campaign_id = :id"
                                + " AND person_id = :p")
                        .param("due", Timestamp.from(row.getValue().minus(shift))).param("id", UUID.fromString(id))
                        .param("p", row.getKey()).update());
        try {
            // handed over: queued, or already sent on by messaging by the time it is looked at
            await(() -> statusByStore(id).entrySet().stream().filter(e -> List.of("BER-1:queued", "BER-1:sent",
                            "BER-1:delivered").contains(e.getKey())).mapToLong(Map.Entry::getValue).sum() == 2,
                    Duration.ofSeconds(30), "Berlin's recipients are handed over");
        } catch (AssertionError late) {
            throw new AssertionError(late.getMessage() + "; recipients: " + jdbc.sql("SELECT status, reason, due_at"
                    + " FROM campaign_recipient WHERE campaign_id = :id").param("id", UUID.fromString(id))
                    .query((rs, row) -> rs.getString(1) + "/" + rs.getString(2) + "/" + rs.getTimestamp(3)).list()
                    + ", campaign " + jdbc.sql("SELECT status FROM campaign WHERE id = :id")
                    .param("id", UUID.fromString(id)).query(String.class).single() + ", now " + Instant.now(), late);
        }
        assertThat(statusByStore(id)).containsEntry("NYC-1:pending", 2L);
        assertThat(admin.get("/api/v1/campaigns/" + id).json().get("status").asString()).isEqualTo("sending");
    }

    @Test
    void onThePersonsOwnClockEachRecipientIsDueAtTheirZonesTimeElseTheirStoresAndTheDrawIsAtTheFirst() {
        // Tokyo has no summer time; Berlin and New York are read through their rules on the day
        ZoneId tokyo = ZoneId.of("Asia/Tokyo");
        Map<String, String[]> people = new java.util.LinkedHashMap<>();
        people.put("tokyo", new String[] {"BER-1", "Asia/Tokyo"});
        people.put("plain", new String[] {"BER-1", null});
        people.put("berliner", new String[] {"NYC-1", "Europe/Berlin"});
        people.put("garbled", new String[] {"NYC-1", "Mars/Olympus_Mons"});
        String segment = segmentWithZones(people);
        await(() -> jdbc.sql("SELECT COUNT(*) FROM segment_trait WHERE name = 'timeZone' AND tenant_id = :t")
                .param("t", tenant.id()).query(Long.class).single() == 3, Duration.ofSeconds(30),
                "the zones people gave are known");
        // a day well ahead, never today: its 10:00 is in the future in every zone whatever the hour now
        LocalDateTime local = LocalDate.now(ZoneOffset.UTC).plusDays(20).atTime(10, 0);
        Instant inTokyo = local.atZone(tokyo).toInstant();
        Instant inBerlin = local.atZone(BERLIN).toInstant();
        Instant inNewYork = local.atZone(NEW_YORK).toInstant();

        var created = admin.post("/api/v1/campaigns", Map.of("name", "Own clock", "segmentId", segment,
                "channel", "email", "template", "news", "sendAt", Map.of("local", local.toString(),
                        "zone", "person")));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asString();
        assertThat(created.json().get("sendAtZone").asString()).isEqualTo("person");
        // drawn when the first clock shows the time: the Tokyo profile's, hours before any store's
        assertThat(Instant.parse(created.json().get("sendAt").asString())).isEqualTo(inTokyo);

        // the same time on each store's clock, for comparison
        var byStore = admin.post("/api/v1/campaigns", Map.of("name", "Store clock", "segmentId", segment,
                "channel", "email", "template", "news", "sendAt", Map.of("local", local.toString())));
        assertThat(byStore.status()).as(byStore.toString()).isEqualTo(201);
        String storeId = byStore.json().get("id").asString();
        assertThat(byStore.json().get("sendAtZone").asString()).isEqualTo("store");
        assertThat(Instant.parse(byStore.json().get("sendAt").asString())).isEqualTo(inBerlin);

        for (String campaign : List.of(id, storeId)) {
            jdbc.sql("UPDATE scheduled_tasks SET execution_time = :now WHERE task_name = 'campaign-start'"
                    + " AND task_instance = :id").param("now", Timestamp.from(Instant.now())).param("id", campaign)
                    .update();
        }
        for (String campaign : List.of(id, storeId)) {
            await(() -> jdbc.sql("SELECT COUNT(*) FROM campaign WHERE id = :id AND drawn_at IS NOT NULL")
                    .param("id", UUID.fromString(campaign)).query(Long.class).single() == 1, Duration.ofSeconds(30),
                    "the scheduler draws the audience");
        }
        assertThat(dueByPerson(id)).containsOnly(Map.entry("tokyo", inTokyo), Map.entry("plain", inBerlin),
                Map.entry("berliner", inBerlin), Map.entry("garbled", inNewYork));
        assertThat(dueByPerson(storeId)).containsOnly(Map.entry("tokyo", inBerlin), Map.entry("plain", inBerlin),
                Map.entry("berliner", inNewYork), Map.entry("garbled", inNewYork));
    }

    @Test
    void onThePersonsOwnClockWithStoresNamedOnlyTheirPeopleCountForTheDrawAndForWhoIsDue() {
        ZoneId tokyo = ZoneId.of("Asia/Tokyo");
        Map<String, String[]> people = new java.util.LinkedHashMap<>();
        // Tokyo's clock is the first to show the time, but its person shops in Berlin, a store not named
        people.put("tokyo", new String[] {"BER-1", "Asia/Tokyo"});
        people.put("hamburger", new String[] {"HAM-1", "Europe/Berlin"});
        people.put("berliner", new String[] {"NYC-1", "Europe/Berlin"});
        people.put("plain", new String[] {"NYC-1", null});
        String segment = segmentWithZones(people);
        await(() -> jdbc.sql("SELECT COUNT(*) FROM segment_trait WHERE name = 'timeZone' AND tenant_id = :t")
                .param("t", tenant.id()).query(Long.class).single() == 3, Duration.ofSeconds(30),
                "the zones people gave are known");
        LocalDateTime local = LocalDate.now(ZoneOffset.UTC).plusDays(20).atTime(10, 0);
        Instant inTokyo = local.atZone(tokyo).toInstant();
        Instant inBerlin = local.atZone(BERLIN).toInstant();
        Instant inNewYork = local.atZone(NEW_YORK).toInstant();

        var created = admin.post("/api/v1/campaigns", Map.of("name", "Own clock, New York", "segmentId", segment,
                "channel", "email", "template", "news", "stores", List.of("NYC-1"), "sendAt",
                Map.of("local", local.toString(), "zone", "person")));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asString();
        // the first clock among the New York store's people: the Berliner's, not Tokyo's (not this campaign's)
        assertThat(Instant.parse(created.json().get("sendAt").asString())).isNotEqualTo(inTokyo)
                .isEqualTo(inBerlin);
        assertThat(jdbc.sql("SELECT execution_time FROM scheduled_tasks WHERE task_name = 'campaign-start'"
                        + " AND task_instance = :id").param("id", id).query(Timestamp.class).single().toInstant())
                .isEqualTo(inBerlin);

        jdbc.sql("UPDATE scheduled_tasks SET execution_time = :now WHERE task_name = 'campaign-start'"
                + " AND task_instance = :id").param("now", Timestamp.from(Instant.now())).param("id", id).update();
        await(() -> jdbc.sql("SELECT COUNT(*) FROM campaign WHERE id = :id AND drawn_at IS NOT NULL")
                .param("id", UUID.fromString(id)).query(Long.class).single() == 1, Duration.ofSeconds(30),
                "the scheduler draws the audience");
        assertThat(dueByPerson(id)).containsOnly(Map.entry("berliner", inBerlin), Map.entry("plain", inNewYork));
    }

    @Test
    void anInstantGoneByOrAZoneOtherThanStoreOrPersonIsRefusedNamingTheField() {
        String segment = segment(Map.of("b1", "BER-1"));
        var past = admin.post("/api/v1/campaigns", Map.of("name", "x", "segmentId", segment, "channel", "email",
                "template", "news", "sendAt", Instant.now().minusSeconds(60).toString()));
        assertThat(past.status()).as(past.toString()).isEqualTo(400);
        assertThat(past.errorFields()).containsExactly("sendAt");
        String later = LocalDateTime.now(ZoneOffset.UTC).plusDays(2).withNano(0).toString();
        var planet = create(segment, List.of(), Map.of("local", later, "zone", "planet"));
        assertThat(planet.status()).as(planet.toString()).isEqualTo(400);
        assertThat(planet.errorFields()).containsExactly("sendAt.zone");
        var noLocal = create(segment, List.of(), Map.of("zone", "person"));
        assertThat(noLocal.status()).as(noLocal.toString()).isEqualTo(400);
        assertThat(noLocal.errorFields()).containsExactly("sendAt.local");
        assertThat(admin.get("/api/v1/campaigns").json().get("items")).isEmpty();
    }

    @Test
    void anUnknownOrForeignStoreOrALocalTimeTheClocksSkipIsRefusedNamingTheField() {
        String segment = segment(Map.of("b1", "BER-1"));
        TestTenant other = newTenant();
        other.admin().post("/api/v1/stores", Map.of("code", "PAR-9", "name", "Paris", "country", "FR",
                "timeZone", "Europe/Paris", "currency", "EUR"));
        String later = LocalDateTime.now(ZoneOffset.UTC).plusDays(2).withNano(0).toString();

        var unknown = create(segment, List.of("XXX-1"), Map.of("local", later));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.errorFields()).containsExactly("stores");
        var foreign = create(segment, List.of("BER-1", "PAR-9"), Map.of("local", later));
        assertThat(foreign.status()).isEqualTo(400);
        assertThat(foreign.errorFields()).containsExactly("stores");

        for (var store : Map.of("BER-1", BERLIN, "NYC-1", NEW_YORK).entrySet()) {
            LocalDateTime skipped = nextGap(store.getValue());
            var gap = create(segment, List.of(store.getKey()), Map.of("local", skipped.toString()));
            assertThat(gap.status()).as(gap.toString()).isEqualTo(400);
            assertThat(gap.errorFields()).containsExactly("sendAt.local");
        }
        // the same time with no stores named is read in every store's zone: New York's gap still refuses it
        var everyStore = create(segment, List.of(), Map.of("local", nextGap(NEW_YORK).toString()));
        assertThat(everyStore.errorFields()).containsExactly("sendAt.local");
        var garbled = create(segment, List.of(), Map.of("local", "next tuesday"));
        assertThat(garbled.errorFields()).containsExactly("sendAt.local");
        var past = create(segment, List.of(), Map.of("local", "2020-01-01T10:00"));
        assertThat(past.errorFields()).containsExactly("sendAt.local");
        // gone by in Berlin, still ahead in New York: refused rather than a draft nothing sends
        LocalDateTime goneInBerlin = LocalDateTime.now(BERLIN).minusHours(1).withSecond(0).withNano(0);
        var partly = create(segment, List.of("BER-1", "NYC-1"), Map.of("local", goneInBerlin.toString()));
        assertThat(partly.status()).as(partly.toString()).isEqualTo(400);
        assertThat(partly.errorFields()).containsExactly("sendAt.local");
        assertThat(admin.get("/api/v1/campaigns").json().get("items")).isEmpty();

        // a fraction of a second is kept to the second; fifty stores of the longest codes fit
        LocalDateTime fraction = LocalDateTime.now(ZoneOffset.UTC).plusDays(2).withSecond(7).withNano(500_000_000);
        var precise = create(segment, List.of(), Map.of("local", fraction.toString()));
        assertThat(precise.status()).as(precise.toString()).isEqualTo(201);
        assertThat(precise.json().get("sendAtLocal").asString()).isEqualTo(fraction.withNano(0).toString());
        List<String> many = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String code = String.format("LONG-STORE-CODE-OF-32-CHARS-%04d", i);
            store(code, "DE", BERLIN);
            many.add(code);
        }
        var fifty = create(segment, many, Map.of("local", later));
        assertThat(fifty.status()).as(fifty.toString()).isEqualTo(201);
        assertThat(fifty.json().get("stores")).hasSize(50);

        // the instant form is as it was
        var instant = admin.post("/api/v1/campaigns", Map.of("name", "x", "segmentId", segment, "channel", "email",
                "template", "news", "sendAt", Instant.now().plusSeconds(3600).toString()));
        assertThat(instant.status()).as(instant.toString()).isEqualTo(201);
        assertThat(instant.json().get("sendAtLocal").isNull()).isTrue();
    }

    private ApiClient.Response create(String segment, List<String> stores, Map<String, String> sendAt) {
        return admin.post("/api/v1/campaigns", Map.of("name", "x", "segmentId", segment, "channel", "email",
                "template", "news", "stores", stores, "sendAt", sendAt));
    }

    /** A local time in the next spring-forward gap of the zone (e.g. 02:30 on the last Sunday of March in Berlin). */
    private static LocalDateTime nextGap(ZoneId zone) {
        Instant from = Instant.now();
        while (true) {
            ZoneOffsetTransition next = zone.getRules().nextTransition(from);
            if (next.isGap()) {
                return next.getDateTimeBefore().plusMinutes(30);
            }
            from = next.getInstant();
        }
    }

    private Map<String, Instant> dueByStore(String id) {
        return jdbc.sql("""
                        SELECT t.trait_value, r.due_at FROM campaign_recipient r
                        JOIN segment_trait t ON t.person_id = r.person_id AND t.name = 'preferredStore'
                        WHERE r.campaign_id = :id
                        """)
                .param("id", UUID.fromString(id))
                .query((rs, row) -> Map.entry(rs.getString(1), rs.getTimestamp(2).toInstant())).list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> {
                    assertThat(a).isEqualTo(b);
                    return a;
                }));
    }

    /** Each recipient's due instant, by the name their e-mail starts with. */
    private Map<String, Instant> dueByPerson(String id) {
        Map<String, Instant> due = new java.util.HashMap<>();
        jdbc.sql("SELECT person_id, due_at FROM campaign_recipient WHERE campaign_id = :id")
                .param("id", UUID.fromString(id))
                .query((rs, row) -> due.put(who(rs.getObject(1, UUID.class)), rs.getTimestamp(2).toInstant()))
                .list();
        return due;
    }

    private String who(UUID person) {
        return jdbc.sql("""
                        SELECT id_value FROM profile_identifier WHERE profile_id = :p AND type = 'email'
                        """)
                .param("p", person).query(String.class).list().stream().map(email -> email.split("-")[0])
                .findFirst().orElseThrow();
    }

    private Map<String, Long> statusByStore(String id) {
        return jdbc.sql("""
                        SELECT t.trait_value, r.status FROM campaign_recipient r
                        JOIN segment_trait t ON t.person_id = r.person_id AND t.name = 'preferredStore'
                        WHERE r.campaign_id = :id
                        """)
                .param("id", UUID.fromString(id))
                .query((rs, row) -> rs.getString(1) + ":" + rs.getString(2)).list().stream()
                .collect(Collectors.groupingBy(s -> s, Collectors.counting()));
    }

    private Map<UUID, String> recipients(String id) {
        return jdbc.sql("SELECT person_id, status FROM campaign_recipient WHERE campaign_id = :id")
                .param("id", UUID.fromString(id))
                .query((rs, row) -> Map.entry(rs.getObject(1, UUID.class), rs.getString(2))).list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private void store(String code, String country, ZoneId zone) {
        var response = admin.post("/api/v1/stores", Map.of("code", code, "name", "Store " + code,
                "country", country, "timeZone", zone.getId(), "currency", "EUR"));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
    }

    /** People who signed up (with an e-mail and its marketing consent) at a store each; a segment of them all. */
    private String segment(Map<String, String> people) {
        Map<String, String[]> withoutZones = new java.util.LinkedHashMap<>();
        people.forEach((who, store) -> withoutZones.put(who, new String[] {store, null}));
        return segmentWithZones(withoutZones);
    }

    /** As {@link #segment(Map)}, each person with a store and the time zone they gave (or null). */
    private String segmentWithZones(Map<String, String[]> people) {
        people.forEach((who, storeAndZone) -> {
            Map<String, Object> properties = new java.util.HashMap<>(Map.of("consents", List.of(Map.of(
                    "channel", "email", "purpose", "marketing", "granted", true))));
            if (storeAndZone[1] != null) {
                properties.put("timeZone", storeAndZone[1]);
            }
            var response = writer.post("/api/v1/events", Map.of("eventId", UUID.randomUUID().toString(),
                    "type", "loyalty.signup", "occurredAt", Instant.now().minusSeconds(60).toString(),
                    "store", storeAndZone[0], "identifiers", Map.of("email", who + "-" + run + "@example.com"),
                    "properties", properties));
            assertThat(response.status()).as(response.toString()).isIn(200, 201, 202);
        });
        String segment = admin.post("/api/v1/segments", Map.of("name", "Signed up", "rule",
                Map.of("event", Map.of("type", "loyalty.signup")))).json().get("id").asString();
        await(() -> admin.get("/api/v1/segments/" + segment).json().get("size").asLong() == people.size(),
                Duration.ofSeconds(30), "everyone is in the segment");
        await(() -> jdbc.sql("SELECT COUNT(*) FROM segment_trait WHERE name = 'preferredStore' AND tenant_id = :t")
                .param("t", tenant.id()).query(Long.class).single() == people.size(), Duration.ofSeconds(30),
                "everyone's store is known");
        return segment;
    }
}
