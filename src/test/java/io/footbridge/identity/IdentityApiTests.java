package io.footbridge.identity;

import io.footbridge.ApiClient;
import io.footbridge.ApiTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import javax.sql.DataSource;
import java.net.URLEncoder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class IdentityApiTests extends ApiTest {

    @Autowired
    private DataSource dataSource;
    private TestTenant tenant;
    private ApiClient till;
    private int sales;
    /** Where the test's sales and events happen: one store-day in Berlin, in the past, whatever the hour now. */
    private final Instant base = base();

    @BeforeEach
    void tenantWithStore() {
        tenant = newTenant();
        tenant.createStore("BER-1");
        till = anonymous.bearer(tenant.createKey("till", "BER-1", "pos"));
    }

    @Test
    void aSaleAWifiLoginAndAWebVisitOfOnePersonMakeOneProfile() {
        sale(Map.of("phone", "030 1234567", "email", "Lena.Fischer@GoogleMail.com"), 2599);
        event("wifi.login", "BER-1", Map.of("email", "lenafischer+wifi@gmail.com", "deviceId", "dev-7f3a"));
        event("web.page_view", null, Map.of("deviceId", "dev-7f3a"), Map.of("url", "https://shop.example.com/"));
        awaitResolved();

        JsonNode found = search("phone=%2B49%2030%201234567");
        assertThat(found).hasSize(1);
        JsonNode profile = found.get(0);
        assertThat(values(profile)).containsExactlyInAnyOrder("email:lenafischer@gmail.com", "phone:+49301234567",
                "deviceId:dev-7f3a");
        JsonNode email = identifier(profile, "email");
        assertThat(email.get("original").asString()).as("kept as first given").isEqualTo("Lena.Fischer@GoogleMail.com");
        assertThat(email.get("events").asLong()).isEqualTo(2);
        assertThat(email.get("firstStore").asString()).isEqualTo("BER-1");
        assertThat(email.get("firstSeenIn").asString()).isEqualTo("pos.purchase");
        assertThat(email.get("lastSeenIn").asString()).isEqualTo("wifi.login");
        JsonNode attributes = profile.get("attributes");
        assertThat(attributes.get("events").asLong()).isEqualTo(3);
        assertThat(attributes.get("orders").asLong()).isEqualTo(1);
        assertThat(attributes.get("visits").asLong()).as("one store-day").isEqualTo(1);
        assertThat(attributes.get("spend").get(0).get("total").asLong()).isEqualTo(2599);
        assertThat(attributes.get("spend").get(0).get("currency").asString()).isEqualTo("EUR");
        assertThat(attributes.get("favouriteCategories").get(0).asString()).isEqualTo("coffee");
        assertThat(attributes.get("channels").valueStream().map(JsonNode::asString).toList())
                .containsExactly("store", "web", "wifi");
        assertThat(profile.get("traits").get("preferredStore").asString()).isEqualTo("BER-1");

        String id = profile.get("id").asString();
        JsonNode page = tenant.admin().get("/api/v1/profiles/" + id + "/timeline?limit=2").json();
        assertThat(page.get("items")).hasSize(2);
        assertThat(page.get("items").get(0).get("type").asString()).isEqualTo("web.page_view");
        JsonNode rest = tenant.admin().get("/api/v1/profiles/" + id + "/timeline?limit=2&before="
                + page.get("next").asString()).json();
        assertThat(rest.get("items")).hasSize(1);
        assertThat(rest.get("items").get(0).get("type").asString()).isEqualTo("pos.purchase");
        assertThat(search("email=LENA.FISCHER%40gmail.com")).as("exact after normalisation").hasSize(1);
        assertThat(search("email=someone.else%40gmail.com")).isEmpty();
    }

    @Test
    void anEventNamingTwoPeopleMergesThemAndTheMergeCanBeUndoneEventByEvent() {
        sale(Map.of("email", "anna@example.com", "loyaltyId", "L-100"), 1000);
        sale(Map.of("phone", "+49 170 1111111"), 500);
        awaitResolved();
        String anna = profileId("email=anna%40example.com");
        String phone = profileId("phone=%2B491701111111");
        assertThat(anna).isNotEqualTo(phone);

        event("loyalty.signup", null, Map.of("email", "anna@example.com", "phone", "+491701111111"));
        awaitResolved();
        String merged = profileId("phone=%2B491701111111");
        assertThat(merged).as("the one first seen survives").isEqualTo(anna);
        var moved = tenant.admin().get("/api/v1/profiles/" + phone);
        assertThat(moved.status()).isEqualTo(308);
        assertThat(moved.header("Location")).isEqualTo("/api/v1/profiles/" + anna);
        assertThat(moved.json().get("mergedInto").asString()).isEqualTo(anna);
        assertThat(timeline(anna)).hasSize(3);

        JsonNode merge = tenant.admin().get("/api/v1/profiles/" + anna + "/merges").json().get("items").get(0);
        assertThat(merge.get("reason").asString()).isEqualTo("shared_identifier");
        assertThat(merge.get("evidence").asString()).as("why, for staff").contains("email anna@example.com",
                "phone +491701111111", "no first name or birth date against it");
        assertThat(merge.get("fromProfileId").asString()).isEqualTo(phone);
        assertThat(merge.get("eventSeq").isNull()).isFalse();

        var undone = tenant.admin().post("/api/v1/profile-merges/" + merge.get("id").asString() + "/undo", "");
        assertThat(undone.status()).as(undone.toString()).isEqualTo(200);
        assertThat(undone.json().get("undoneAt").isNull()).isFalse();
        assertThat(profileId("phone=%2B491701111111")).isEqualTo(phone);
        assertThat(timeline(anna)).as("anna's own sale").hasSize(1);
        assertThat(timeline(phone)).as("the phone's sale and the sign-up, which the phone led").hasSize(2);
        assertThat(tenant.admin().post("/api/v1/profile-merges/" + merge.get("id").asString() + "/undo", "").status())
                .isEqualTo(409);

        event("loyalty.signup", null, Map.of("email", "anna@example.com", "phone", "+491701111111"));
        awaitResolved();
        assertThat(profileId("phone=%2B491701111111")).as("what staff split stays split when the same evidence"
                + " comes again").isEqualTo(phone);
        assertThat(profileId("email=anna%40example.com")).isEqualTo(anna);

        var manual = tenant.admin().post("/api/v1/profiles/" + phone + "/merge", Map.of("profileId", anna));
        assertThat(manual.status()).as(manual.toString()).isEqualTo(200);
        assertThat(manual.json().get("reason").asString()).isEqualTo("manual");
        assertThat(profileId("phone=%2B491701111111")).isEqualTo(anna);
        assertThat(count("SELECT COUNT(*) FROM audit_log WHERE tenant_id = :t AND action LIKE 'profile.%'"))
                .isEqualTo(2);
    }

    @Test
    void twoLoyaltyNumbersOrAWeakEventDoNotMergeButRaiseAReviewItem() {
        // one person's e-mail given with two cards (a household address would not link without a name at all)
        sale(Map.of("email", "kim@example.com", "loyaltyId", "L-1"), 100);
        sale(Map.of("email", "kim@example.com", "loyaltyId", "L-2"), 200);
        sale(Map.of("phone", "+491702222222"), 300);
        awaitResolved();
        String first = profileId("loyaltyId=L-1");
        String second = profileId("loyaltyId=L2");
        assertThat(first).isNotEqualTo(second);
        assertThat(profileId("email=kim%40example.com")).isEqualTo(first);
        assertThat(timeline(second)).as("the second sale follows its loyalty card").hasSize(1);

        event("wifi.login", "BER-1", Map.of("email", "kim@example.com", "phone", "+491702222222"));
        awaitResolved();
        assertThat(profileId("phone=%2B491702222222")).as("a typed form does not merge two known people")
                .isNotEqualTo(first);

        JsonNode reviews = tenant.admin().get("/api/v1/identity/reviews").json().get("items");
        assertThat(reviews.valueStream().map(r -> r.get("reason").asString()).toList())
                .containsExactlyInAnyOrder("conflict", "low_trust");
        JsonNode lowTrust = reviews.valueStream().filter(r -> r.get("reason").asString().equals("low_trust"))
                .findFirst().orElseThrow();
        var decided = tenant.admin().post("/api/v1/identity/reviews/" + lowTrust.get("id").asString(),
                Map.of("decision", "merge"));
        assertThat(decided.status()).as(decided.toString()).isEqualTo(200);
        assertThat(decided.json().get("status").asString()).isEqualTo("merged");
        assertThat(profileId("phone=%2B491702222222")).isEqualTo(first);
        assertThat(tenant.admin().post("/api/v1/identity/reviews/" + lowTrust.get("id").asString(),
                Map.of("decision", "merge")).status()).isEqualTo(409);
        assertThat(tenant.admin().post("/api/v1/identity/reviews/" + lowTrust.get("id").asString(),
                Map.of("decision", "maybe")).errorFields()).containsExactly("decision");
    }

    @Test
    void aPhoneSharedByManyCustomersStopsLinkingAndItsMergesAreUndone() {
        for (int i = 1; i <= 9; i++) {
            // a colleague's mobile typed for customers who give none
            sale(Map.of("phone", "0151 99999999", "email", "customer" + i + "@example.com"), 100 * i);
        }
        sale(Map.of("email", "test@test.com", "loyaltyId", "L-77"), 100);
        sale(Map.of("email", "test@test.com", "loyaltyId", "L-78"), 100);
        awaitResolved();
        Set<String> people = new HashSet<>();
        for (int i = 1; i <= 9; i++) {
            people.add(profileId("email=customer" + i + "%40example.com"));
        }
        assertThat(people).as("nine customers, not one crowd").hasSize(9);
        JsonNode denied = tenant.admin().get("/api/v1/identity/denied").json().get("items");
        assertThat(denied).hasSize(1);
        assertThat(denied.get(0).get("value").asString()).isEqualTo("+4915199999999");
        assertThat(denied.get(0).get("reason").asString()).isEqualTo("over_shared");
        assertThat(profileId("loyaltyId=L-77")).as("a placeholder email links no one")
                .isNotEqualTo(profileId("loyaltyId=L-78"));
        assertThat(search("email=test%40test.com")).isEmpty();
        assertThat(tenant.admin().get("/api/v1/identity/reviews").json().get("items"))
                .as("the phone's review items went with it").isEmpty();

        var listed = tenant.admin().post("/api/v1/identity/denied", Map.of("type", "loyaltyId", "value", "L-77"));
        assertThat(listed.status()).isEqualTo(201);
        assertThat(listed.json().get("reason").asString()).isEqualTo("listed");
        assertThat(tenant.admin().post("/api/v1/identity/denied", Map.of("type", "shoeSize", "value", "44"))
                .errorFields()).containsExactly("type");
        assertThat(tenant.admin().post("/api/v1/identity/denied", Map.of("type", "phone", "value", "12"))
                .errorFields()).containsExactly("value");
        assertThat(tenant.admin().delete("/api/v1/identity/denied/loyaltyId/L-77").status()).isEqualTo(204);
        assertThat(tenant.admin().delete("/api/v1/identity/denied/loyaltyId/L-77").status()).isEqualTo(404);
    }

    @Test
    void aNumberFoundSharedLaterNoLongerHoldsTogetherTheEventsThatCameThroughIt() {
        // a colleague's mobile typed at the till: on two sales without a name, then for a named customer
        sale(Map.of("phone", "0176 5550 1234"), 100);
        sale(Map.of("phone", "0176 5550 1234"), 200);
        event("qr.scan", "BER-1", Map.of("phone", "+49 176 55501234"), Map.of("firstName", "Alexandre",
                "lastName", "Meyer"));
        awaitResolved();
        assertThat(new HashSet<>(people())).as("nothing says yet that these are three people").hasSize(1);
        // then someone with another first name gives it: it is shared
        event("qr.scan", "BER-1", Map.of("phone", "+49 176 55501234", "email", "jonas.wolf@example.com"),
                Map.of("firstName", "Jonas", "lastName", "Wolf"));
        awaitResolved();
        JsonNode denied = tenant.admin().get("/api/v1/identity/denied").json().get("items");
        assertThat(denied).hasSize(1);
        assertThat(denied.get(0).get("reason").asString()).isEqualTo("shared");
        List<String> people = people();
        assertThat(people).as("four events").hasSize(4);
        assertThat(people.get(1)).as("the second sale came through the number alone: no one's now")
                .isIn("none");
        assertThat(people.get(2)).as("nor is Alexandre the first sale's buyer").isNotEqualTo(people.get(0));
        assertThat(people.get(3)).isNotIn(people.get(0), people.get(2));
    }

    /** The person of each of the tenant's events in the order they were captured ("none": linked to no one). */
    private List<String> people() {
        return jdbc.sql("""
                        SELECT COALESCE(CAST(p.root_id AS VARCHAR(36)), 'none') FROM identity_event e
                        LEFT JOIN profile p ON p.id = e.profile_id WHERE e.tenant_id = :t ORDER BY e.seq
                        """).param("t", tenant.id()).query(String.class).list();
    }

    @Test
    void aHouseholdOfTwoPeopleWithOnePhoneIsTwoProfilesAndThePhoneLinksNobody() {
        event("customer.imported", null, Map.of("email", "anna.becker@example.com", "phone", "+49 30 47110815"),
                Map.of("recordId", "C-1", "firstName", "Anna", "lastName", "Becker", "birthDate", "1971-03-02"));
        event("customer.imported", null, Map.of("email", "peter.becker@example.com", "phone", "030/47110815"), Map.of("recordId", "C-2", "firstName", "Peter", "lastName", "Becker", "birthDate", "1969-11-20",
                "country", "DE"));
        event("loyalty.signup", null, Map.of("email", "anna.becker@example.com", "phone", "+4930 47110815"),
                Map.of("firstName", "A.", "lastName", "Becker"));
        awaitResolved();
        assertThat(profileId("email=peter.becker%40example.com")).as("another first name and birth date")
                .isNotEqualTo(profileId("email=anna.becker%40example.com"));
        JsonNode denied = tenant.admin().get("/api/v1/identity/denied").json().get("items");
        assertThat(denied).hasSize(1);
        assertThat(denied.get(0).get("value").asString()).isEqualTo("+493047110815");
        assertThat(denied.get(0).get("reason").asString()).isEqualTo("shared");
    }

    @Test
    void aKnownLandlineWithoutANameLinksNobody() {
        event("customer.imported", null, Map.of("email", "anna.becker@example.com", "phone", "+49 30 47110815"),
                Map.of("recordId", "C-1", "firstName", "Anna", "lastName", "Becker", "birthDate", "1971-03-02"));
        sale(Map.of("phone", "030/47110815"), 900);
        sale(Map.of("phone", "030/47110815", "email", "peter.becker@example.com"), 700);
        event("loyalty.signup", null, Map.of("phone", "+49 30 4711 0815"), Map.of("firstName", "Anna", "lastName",
                "Becker"));
        awaitResolved();
        String anna = profileId("email=anna.becker%40example.com");
        assertThat(timeline(anna)).as("the import and Anna's own sign-up, not the sales at the till").hasSize(2);
        assertThat(profileId("email=peter.becker%40example.com")).isNotEqualTo(anna);
        assertThat(jdbc.sql("SELECT note FROM identity_event WHERE tenant_id = :t ORDER BY seq").param("t", tenant.id())
                .query(String.class).list().get(1)).contains("a household's phone without a name");
    }

    @Test
    void aHouseholdsLandlineJoinsTheRecordsOfOneFirstNameAndNotTheSibling() {
        event("customer.imported", null, Map.of("email", "anna.becker@example.com", "phone", "+49 30 47110815"),
                Map.of("recordId", "C-1", "firstName", "Anna", "lastName", "Becker", "birthDate", "1971-03-02"));
        event("customer.imported", null, Map.of("email", "peter.becker@example.com", "phone", "030/47110815"),
                Map.of("recordId", "C-2", "firstName", "Peter", "lastName", "Becker", "birthDate", "1969-11-20",
                        "country", "DE"));
        // the landline is now found shared; Anna gives it again at the till with her name, and so does Peter
        event("loyalty.signup", "BER-1", Map.of("phone", "030 4711 0815", "loyaltyId", "L-501"),
                Map.of("firstName", "Anna", "lastName", "Becker"));
        event("qr.scan", "BER-1", Map.of("phone", "+49 30 47110815"), Map.of("firstName", "Peter", "lastName",
                "Becker"));
        // a first name the household has not given joins no one
        event("qr.scan", "BER-1", Map.of("phone", "+49 30 47110815", "email", "mia.becker@example.com"),
                Map.of("firstName", "Mia", "lastName", "Becker"));
        awaitResolved();
        String anna = profileId("email=anna.becker%40example.com");
        String peter = profileId("email=peter.becker%40example.com");
        assertThat(peter).isNotEqualTo(anna);
        assertThat(profileId("loyaltyId=L501")).as("Anna's sign-up through the household's landline").isEqualTo(anna);
        assertThat(timeline(anna)).as("her import and her sign-up").hasSize(2);
        assertThat(timeline(peter)).as("his import and his scan").hasSize(2);
        assertThat(profileId("email=mia.becker%40example.com")).isNotIn(anna, peter);
        JsonNode denied = tenant.admin().get("/api/v1/identity/denied").json().get("items");
        assertThat(denied).hasSize(1);
        assertThat(denied.get(0).get("reason").asString()).isEqualTo("shared");
    }

    @Test
    void garbageIdentifiersAreKeptOnTheEventButLinkNobody() {
        event("loyalty.signup", null, Map.of("email", "not-an-email", "phone", "12", "loyaltyId", "ok-1"));
        event("loyalty.signup", null, Map.of("email", "not-an-email", "loyaltyId", "ok-2"));
        awaitResolved();
        assertThat(profileId("loyaltyId=OK1")).isNotEqualTo(profileId("loyaltyId=OK2"));
        assertThat(jdbc.sql("SELECT note FROM identity_event WHERE tenant_id = :t ORDER BY seq").param("t", tenant.id())
                .query(String.class).list().get(0)).contains("email: is not an email address",
                "phone: has no country prefix");
        assertThat(tenant.admin().get("/api/v1/profiles?email=nope").errorFields()).containsExactly("email");
        assertThat(tenant.admin().get("/api/v1/profiles").errorFields()).containsExactly("email");
    }

    @Test
    void anotherTenantSeesNoneOfIt() {
        sale(Map.of("email", "private@example.com"), 100);
        awaitResolved();
        String id = profileId("email=private%40example.com");
        TestTenant other = newTenant();
        assertThat(other.admin().get("/api/v1/profiles/" + id).status()).isEqualTo(404);
        assertThat(other.admin().get("/api/v1/profiles/" + id + "/timeline").status()).isEqualTo(404);
        assertThat(other.admin().get("/api/v1/profiles?email=private%40example.com").json().get("items")).isEmpty();
        assertThat(other.admin().post("/api/v1/profiles/" + id + "/merge", Map.of("profileId", id)).status())
                .isEqualTo(404);
        ApiClient events = anonymous.bearer(tenant.createKey("events", null, "events:write"));
        assertThat(events.get("/api/v1/profiles/" + id).status()).as("no profiles:read").isEqualTo(403);
        assertThat(tenant.admin().get("/api/v1/profiles/" + UUID.randomUUID()).status()).isEqualTo(404);
        assertThat(tenant.admin().get("/api/v1/profiles/not-a-uuid").status()).isEqualTo(400);
    }

    @Test
    void theSameEventsInAnotherOrderGiveTheSamePeople() {
        Random random = new Random(7);
        List<Map<String, String>> events = new ArrayList<>();
        for (int person = 0; person < 30; person++) {
            String email = "p" + person + "@example.com";
            String phone = "+4917033" + String.format("%05d", person);
            String device = "device-" + person;
            events.add(Map.of("email", email));
            events.add(Map.of("phone", phone));
            events.add(Map.of("deviceId", device));
            events.add(Map.of("email", email, "phone", phone));
            events.add(Map.of("phone", phone, "deviceId", device));
        }
        Map<Set<Integer>, Integer> first = null;
        for (int round = 0; round < 2; round++) {
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < events.size(); i++) {
                order.add(i);
            }
            Collections.shuffle(order, random);
            TestTenant t = round == 0 ? tenant : newTenant();
            Map<Integer, Map<String, String>> byIndex = new LinkedHashMap<>();
            List<Map<String, Object>> batch = new ArrayList<>();
            for (int index : order) {
                byIndex.put(index, events.get(index));
                batch.add(Map.of("eventId", "e-" + index, "type", "loyalty.signup",
                        "occurredAt", Instant.now().minusSeconds(600 - index).toString(),
                        "identifiers", events.get(index)));
            }
            assertThat(t.admin().post("/api/v1/events/batch", Map.of("events", batch)).status()).isEqualTo(200);
            awaitResolved(t.id());
            Map<String, Set<Integer>> partition = new HashMap<>();
            for (var row : jdbc.sql("""
                            SELECT c.event_id, p.root_id FROM identity_event i
                            JOIN capture_event c ON c.seq = i.seq JOIN profile p ON p.id = i.profile_id
                            WHERE i.tenant_id = :t
                            """).param("t", t.id()).query((rs, n) -> new String[]{rs.getString(1), rs.getString(2)})
                    .list()) {
                partition.computeIfAbsent(row[1], k -> new HashSet<>()).add(Integer.parseInt(row[0].substring(2)));
            }
            Map<Set<Integer>, Integer> groups = new HashMap<>();
            partition.values().forEach(g -> groups.merge(g, 1, Integer::sum));
            assertThat(groups).as("30 people").hasSize(30);
            if (first == null) {
                first = groups;
            } else {
                assertThat(groups).isEqualTo(first);
            }
        }
    }

    @Test
    void anEventWhoseWriteCommitsLateIsStillResolved() throws Exception {
        try (Connection slow = dataSource.getConnection()) {
            slow.setAutoCommit(false);
            try (PreparedStatement insert = slow.prepareStatement("""
                    INSERT INTO capture_event (tenant_id, event_id, type, occurred_at, received_at, source,
                        identifiers, properties)
                    VALUES (?, 'late-1', 'loyalty.signup', ?, ?, 'api', '{"email":"late@example.com"}', '{}')
                    """)) {
                OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
                insert.setObject(1, tenant.id());
                insert.setObject(2, now);
                insert.setObject(3, now);
                insert.executeUpdate();
            }
            // a later write takes a higher sequence number, commits first and is resolved first
            event("loyalty.signup", null, Map.of("email", "early@example.com"));
            awaitResolved();
            assertThat(search("email=early%40example.com")).hasSize(1);
            slow.commit();
        }
        awaitResolved();
        assertThat(search("email=late%40example.com")).hasSize(1);
    }

    @Test
    void aCustomerFileIsResolvedThroughTheApiToo() {
        byte[] csv = ("Kunde;Vorname;Nachname;Mail\n"
                + "1;Lena;Fischer;lena.fischer@gmail.com\n"
                + "2;Lena;Fischer;LenaFischer+x@gmail.com\n"
                + "3;Tom;Becker;tom@example.com\n").getBytes(StandardCharsets.UTF_8);
        var answer = tenant.admin().upload("/api/v1/identity/resolve?delimiter=;&explain=true&map=record_id:Kunde"
                + "&map=first_name:Vorname&map=last_name:Nachname&map=email:Mail", csv);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.header("X-Footbridge-Profiles")).isEqualTo("2");
        List<String> rows = answer.raw().body().lines().toList();
        assertThat(rows).containsExactly("record_id,profile_id,matched_record_id,match_probability,matched_by",
                "1,P1,2,1.0000,email", "2,P1,1,1.0000,email", "3,P2,,,alone");

        assertThat(tenant.admin().upload("/api/v1/identity/resolve?map=colour:Farbe&linkAbove=2", csv).errorFields())
                .containsExactlyInAnyOrder("map.colour", "linkAbove");
        assertThat(tenant.admin().upload("/api/v1/identity/resolve", csv).errorFields()).as("no record_id column")
                .containsExactly("file");
        assertThat(tenant.admin().upload("/api/v1/identity/resolve", new byte[0]).errorFields())
                .containsExactly("file");
        ApiClient events = anonymous.bearer(tenant.createKey("events", null, "events:write"));
        assertThat(events.upload("/api/v1/identity/resolve", csv).status()).isEqualTo(403);
    }

    @Test
    void aFileThatIsNotUtf8IsRefusedByName() {
        byte[] latin1 = "record_id,first_name,email\n1,J\u00fcrgen,j@example.com\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        byte[] garbage = {(byte) 0xff, (byte) 0xfe, (byte) 0xc3, 0x28, (byte) 0xa0, (byte) 0xa1, '\n', '1'};

        for (byte[] body : List.of(latin1, garbage)) {
            var answer = tenant.admin().upload("/api/v1/identity/resolve", body);

            assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
            assertThat(answer.errorFields()).containsExactly("file");
            assertThat(answer.json().get("errors").get(0).get("reason").asString()).contains("UTF-8");
        }
    }

    @Test
    void aNewPersonWhoSharesNoIdentifierIsJoinedOrReviewedByNameBirthDateAndAddress() {
        customer("lena.fischer@example.com", "Lena", "Fischer", "1985-04-12", "10115", "Berlin");
        customer("jonas.fischer@example.com", "Jonas", "Fischer", "2012-06-01", "10115", "Berlin");
        customer("maria.keller@example.com", "Maria", "Keller", null, "10115", null);
        awaitResolved();
        String lena = profileId("email=lena.fischer%40example.com");

        customer("l.fisher@example.org", "Lena", "Fisher", "12.04.1985", "10115", "Berlin");
        customer("mkeller@example.net", "Maria", "Keller", null, "80331", null);
        awaitResolved();
        assertThat(profileId("email=l.fisher%40example.org")).as("a typo in the surname, the same birth day and"
                + " address").isEqualTo(lena);
        assertThat(profileId("email=jonas.fischer%40example.com")).as("a household, not a typo").isNotEqualTo(lena);
        assertThat(profileId("email=mkeller%40example.net")).as("a namesake in another postcode")
                .isNotEqualTo(profileId("email=maria.keller%40example.com"));

        JsonNode merge = tenant.admin().get("/api/v1/profiles/" + lena + "/merges").json().get("items").get(0);
        assertThat(merge.get("reason").asString()).isEqualTo("probable_match");
        assertThat(merge.get("evidence").asString()).contains("match probability", "surname", "agree");
        JsonNode reviews = tenant.admin().get("/api/v1/identity/reviews").json().get("items");
        assertThat(reviews.valueStream().map(r -> r.get("reason").asString()).toList())
                .as("only the namesakes are put to staff").containsExactly("probable_match");
        assertThat(reviews.get(0).get("detail").asString()).as("the evidence for and against")
                .contains("match probability", "agree", "postcode differs");

        JsonNode byName = search("name=" + encode("lena fisher"));
        assertThat(byName.valueStream().map(p -> p.get("id").asString()).toList()).first().isEqualTo(lena);
        assertThat(search("name=" + encode("Keller, Maria"))).hasSize(2);
        assertThat(search("name=" + encode("Zbigniew"))).isEmpty();
        assertThat(tenant.admin().get("/api/v1/profiles?name=" + "x".repeat(201)).errorFields())
                .containsExactly("name");

        var undone = tenant.admin().post("/api/v1/profile-merges/" + merge.get("id").asString() + "/undo", "");
        assertThat(undone.status()).as(undone.toString()).isEqualTo(200);
        assertThat(profileId("email=l.fisher%40example.org")).as("a probable match is undone like any merge")
                .isNotEqualTo(lena);
    }

    private void customer(String email, String first, String last, String birthDate, String postcode, String city) {
        Map<String, Object> properties = new HashMap<>(Map.of("recordId", email, "firstName", first,
                "lastName", last, "postcode", postcode));
        if (birthDate != null) {
            properties.put("birthDate", birthDate);
        }
        if (city != null) {
            properties.put("city", city);
        }
        event("customer.imported", null, Map.of("email", email), properties);
    }

    private void sale(Map<String, String> customer, long total) {
        sales++;
        var response = till.post("/api/v1/transactions", Map.of("transactionId", "S-" + sales + "-" + UUID.randomUUID(),
                "store", "BER-1", "occurredAt", base.plusSeconds(60L * sales).toString(), "currency", "EUR",
                "lines", List.of(Map.of("sku", "COF-1", "name", "Coffee", "category", "coffee", "quantity", 1,
                        "unitPrice", total)), "total", total, "customer", customer));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
    }

    private void event(String type, String store, Map<String, String> identifiers) {
        event(type, store, identifiers, Map.of());
    }

    private void event(String type, String store, Map<String, String> identifiers, Map<String, Object> properties) {
        Map<String, Object> body = new HashMap<>(Map.of("eventId", UUID.randomUUID().toString(), "type", type,
                "occurredAt", base.plusSeconds(3600).toString(), "identifiers", identifiers,
                "properties", properties));
        if (store != null) {
            body.put("store", store);
        }
        var response = tenant.admin().post("/api/v1/events", body);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
    }

    private static Instant base() {
        java.time.ZonedDateTime berlin = Instant.now().atZone(java.time.ZoneId.of("Europe/Berlin"));
        java.time.ZonedDateTime midnight = berlin.truncatedTo(java.time.temporal.ChronoUnit.DAYS);
        // early today when today has two hours behind it, else yesterday noon
        return (berlin.getHour() >= 3 ? midnight.plusMinutes(30) : midnight.minusHours(12)).toInstant();
    }

    private void awaitResolved() {
        awaitResolved(tenant.id());
    }

    private JsonNode search(String query) {
        var response = tenant.admin().get("/api/v1/profiles?" + query);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().get("items");
    }

    private String profileId(String query) {
        JsonNode found = search(query);
        assertThat(found).as(query).hasSize(1);
        return found.get(0).get("id").asString();
    }

    private List<JsonNode> timeline(String id) {
        return tenant.admin().get("/api/v1/profiles/" + id + "/timeline").json().get("items").valueStream().toList();
    }

    private static List<String> values(JsonNode profile) {
        return profile.get("identifiers").valueStream()
                .map(i -> i.get("type").asString() + ":" + i.get("value").asString()).toList();
    }

    private static JsonNode identifier(JsonNode profile, String type) {
        return profile.get("identifiers").valueStream().filter(i -> i.get("type").asString().equals(type))
                .findFirst().orElseThrow();
    }

    private long count(String sql) {
        return jdbc.sql(sql).param("t", tenant.id()).query(Long.class).single();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
