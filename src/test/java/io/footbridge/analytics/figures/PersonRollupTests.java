package io.footbridge.analytics.figures;

import io.footbridge.ApiClient;
import io.footbridge.ApiTest;
import io.footbridge.identity.BuyerFigures;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-person rollup equals a recompute from scratch (every identified sale, whose identity says it is now)
 * after a mixed stream: sales in two currencies, a refund, a void, an online sale, an anonymous sale, a merge, a
 * merge undone and an erasure. By hand, at the end:
 * <pre>
 * anna + anna.w (merged)  EUR 1000 D−25, 2000 D−10, 700 − 200 refunded D−1, online 300 D−1 → 4 purchases, first D−25
 * bob                     CHF 3000 D−5, EUR 500 D−5 (merged with dan, then split)
 * dan                     EUR 1500 D−2 voided, 600 D−2                        → 1 purchase
 * eve                     EUR 900 D−1 through the web shop (online)          → first purchase online
 * cara                    erased: her 4000 stays a sale, no one's
 * </pre>
 */
class PersonRollupTests extends ApiTest {

    private static final LocalDate D = LocalDate.now(ZoneOffset.UTC).minusDays(2);

    @Autowired
    private BuyerFigures identity;

    @Autowired
    private KpiFigures kpis;

    @Test
    void rollupEqualsARecomputeFromScratchAfterMergesSplitsRefundsVoidsAndErasure() {
        TestTenant tenant = newTenant();
        tenant.createStore("BER-1");
        var shop = tenant.admin().post("/api/v1/touchpoints", Map.of("code", "web-shop", "type", "web",
                "label", "Online shop", "stage", "purchase"));
        assertThat(shop.status()).as(shop.toString()).isEqualTo(201);
        ApiClient till = anonymous.bearer(tenant.createKey("till", null, "pos"));
        ApiClient analyst = anonymous.bearer(tenant.createKey("analyst", null, "analytics:read"));
        sale(till, "A1", D.minusDays(25), "EUR", 1000, Map.of("email", "anna@example.com"), null);
        sale(till, "A2", D.minusDays(10), "EUR", 2000, Map.of("email", "anna.w@example.com"), null);
        sale(till, "B1", D.minusDays(5), "CHF", 3000, Map.of("email", "bob@example.com"), null);
        sale(till, "B2", D.minusDays(5), "EUR", 500, Map.of("email", "bob@example.com"), null);
        sale(till, "C1", D.minusDays(3), "EUR", 4000, Map.of("email", "cara@example.com"), null);
        sale(till, "D1", D.minusDays(2), "EUR", 1500, Map.of("email", "dan@example.com"), null);
        sale(till, "D2", D.minusDays(2), "EUR", 600, Map.of("email", "dan@example.com"), null);
        sale(till, "A3", D.minusDays(1), "EUR", 700, Map.of("email", "anna@example.com"), null);
        sale(till, "X1", D.minusDays(1), "EUR", 800, null, null);
        awaitResolved(tenant.id());
        awaitEqual(tenant.id());

        reverse(till, "R-A3", "refund", "A3", 200, D.minusDays(1));
        reverse(till, "V-D1", "void", "D1", 1500, D.minusDays(2));
        var annaMerge = tenant.admin().post("/api/v1/profiles/" + profile(tenant, "anna@example.com") + "/merge",
                Map.of("profileId", profile(tenant, "anna.w@example.com")));
        assertThat(annaMerge.status()).as(annaMerge.toString()).isEqualTo(200);
        var bobMerge = tenant.admin().post("/api/v1/profiles/" + profile(tenant, "bob@example.com") + "/merge",
                Map.of("profileId", profile(tenant, "dan@example.com")));
        assertThat(bobMerge.status()).as(bobMerge.toString()).isEqualTo(200);
        awaitEqual(tenant.id());
        assertThat(people(tenant.id())).as("anna with anna.w, bob with dan, cara").hasSize(3);

        var undo = tenant.admin().post("/api/v1/profile-merges/" + bobMerge.json().get("id").asString() + "/undo",
                Map.of());
        assertThat(undo.status()).as(undo.toString()).isEqualTo(200);
        var erased = tenant.admin().delete("/api/v1/profiles/" + profile(tenant, "cara@example.com"));
        assertThat(erased.status()).as(erased.toString()).isEqualTo(200);
        sale(till, "E1", D.minusDays(1), "EUR", 900, Map.of("email", "eve@example.com"), "web-shop");
        sale(till, "A4", D.minusDays(1), "EUR", 300,
                Map.of("email", "anna@example.com"), "web-shop");
        awaitResolved(tenant.id());
        awaitEqual(tenant.id());

        Map<String, String> people = people(tenant.id());
        assertThat(people).as("anna, bob, dan, eve; cara erased").hasSize(4);
        summariesAnswerAsCountingPeople(tenant.id());
        assertThat(people.values()).containsExactlyInAnyOrder(
                first(D.minusDays(25), 4, false), // anna: A1, A2, A3 and her online A4
                first(D.minusDays(5), 2, false), // bob
                first(D.minusDays(2), 1, false), // dan: D1 voided
                first(D.minusDays(1), 1, true)); // eve: online
        long annaNet = jdbc.sql("""
                        SELECT SUM(net) FROM analytics_person_day d JOIN analytics_person p
                          ON p.tenant_id = d.tenant_id AND p.person_id = d.person_id
                        WHERE d.tenant_id = :t AND p.first_day = :first
                        """).param("t", tenant.id()).param("first", D.minusDays(25)).query(Long.class).single();
        assertThat(annaNet).as("1000 + 2000 + 700 − 200 + 300").isEqualTo(3800);

        // the online sale counts as an online purchase after anna's store sale that day
        JsonNode conversion = analyst.get("/api/v1/analytics/conversion?from=" + D.minusDays(1) + "&to="
                + D.minusDays(1)).json();
        JsonNode storeToOnline = conversion.get("storeToOnline");
        assertThat(storeToOnline.get("people").asLong()).as(conversion.toString()).isEqualTo(1);
        assertThat(storeToOnline.get("converted").asLong()).as(conversion.toString()).isEqualTo(1);

        // cohorts by the channel of the first purchase ever: eve's was online, the others' in the store
        assertThat(cohortMembers(analyst, "online")).isEqualTo(1);
        assertThat(cohortMembers(analyst, "store")).isEqualTo(3);
        assertThat(cohortMembers(analyst, "any")).isEqualTo(4);
        assertThat(analyst.get("/api/v1/analytics/cohorts?from=" + D.minusDays(30) + "&to=" + D + "&channel=web")
                .errorFields()).containsExactly("channel");
    }

    /** Customer figures from the summaries equal those from grouping person-days, for every period around the sales. */
    private void summariesAnswerAsCountingPeople(UUID tenantId) {
        List<Set<UUID>> scopes = new ArrayList<>();
        scopes.add(null);
        jdbc.sql("SELECT DISTINCT store_id FROM analytics_person_day WHERE tenant_id = :t").param("t", tenantId)
                .query(UUID.class).list().forEach(store -> scopes.add(Set.of(store)));
        assertThat(scopes).hasSizeGreaterThan(1);
        for (Set<UUID> stores : scopes) {
            for (LocalDate first = D.minusDays(27); !first.isAfter(D); first = first.plusDays(1)) {
                for (LocalDate last = first; !last.isAfter(D.plusDays(1)); last = last.plusDays(2)) {
                    assertThat(kpis.buyers(tenantId, stores, first, last))
                            .as("%s %s … %s", stores, first, last)
                            .isEqualTo(kpis.scanned(tenantId, stores, first, last));
                }
            }
        }
        KpiFigures.Buyers all = kpis.buyers(tenantId, null, D.minusDays(25), D);
        assertThat(all.count()).as("anna, bob, dan, eve").isEqualTo(4);
        assertThat(all.repeat()).as("anna; bob's two sales of one day").isEqualTo(2);
    }

    private static long cohortMembers(ApiClient analyst, String channel) {
        var response = analyst.get("/api/v1/analytics/cohorts?from=" + D.minusDays(30) + "&to=" + D + "&channel="
                + channel);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        long members = 0;
        for (JsonNode cohort : response.json()) {
            members += cohort.get("customers").asLong();
        }
        return members;
    }

    private static String first(LocalDate day, int purchases, boolean online) {
        return day + " " + purchases + " " + online;
    }

    /** Each person's first purchase day, purchases and whether the first was online. */
    private Map<String, String> people(UUID tenantId) {
        Map<String, String> people = new TreeMap<>();
        jdbc.sql("SELECT person_id, first_day, purchases, first_online FROM analytics_person WHERE tenant_id = :t")
                .param("t", tenantId)
                .query((rs, n) -> people.put(rs.getString("person_id"), first(rs.getObject("first_day",
                        LocalDate.class), rs.getInt("purchases"), rs.getBoolean("first_online"))))
                .list();
        return people;
    }

    /** Waits until what the rollup holds is what a recompute from scratch gives, and asserts it. */
    private void awaitEqual(UUID tenantId) {
        long deadline = System.currentTimeMillis() + 30_000;
        List<String> kept;
        List<String> expected;
        do {
            kept = kept(tenantId);
            expected = recompute(tenantId);
            // equal and settled: a sale or touch identity has not yet been asked about counts in neither
            if (kept.equals(expected) && pending(tenantId) == 0) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        } while (System.currentTimeMillis() < deadline);
        assertThat(kept).isEqualTo(expected);
    }

    private long pending(UUID tenantId) {
        return jdbc.sql("""
                        SELECT (SELECT COUNT(*) FROM analytics_sale WHERE tenant_id = :t AND pending)
                             + (SELECT COUNT(*) FROM analytics_touch WHERE tenant_id = :t AND pending)
                        """).param("t", tenantId).query(Long.class).single();
    }

    private List<String> kept(UUID tenantId) {
        List<String> rows = new ArrayList<>(jdbc.sql("""
                        SELECT person_id, local_day, store_id, currency, month_no, week_no, purchases, online_purchases,
                               net FROM analytics_person_day WHERE tenant_id = :t
                        """)
                .param("t", tenantId)
                .query((rs, n) -> "day " + rs.getString("person_id") + " " + rs.getObject("local_day", LocalDate.class)
                        + " " + rs.getString("store_id") + " " + rs.getString("currency") + " "
                        + rs.getInt("month_no") + " " + rs.getInt("week_no") + " " + rs.getInt("purchases") + " "
                        + rs.getInt("online_purchases") + " " + rs.getLong("net"))
                .list());
        rows.addAll(jdbc.sql("""
                        SELECT person_id, first_day, last_day, purchases, first_store_id, first_online
                        FROM analytics_person WHERE tenant_id = :t
                        """)
                .param("t", tenantId)
                .query((rs, n) -> "person " + rs.getString("person_id") + " "
                        + rs.getObject("first_day", LocalDate.class) + " " + rs.getObject("last_day", LocalDate.class)
                        + " " + rs.getInt("purchases") + " " + rs.getString("first_store_id") + " "
                        + rs.getBoolean("first_online"))
                .list());
        rows.addAll(jdbc.sql("""
                        SELECT scope_id, to_day, from_day, buyers, new_ones, repeaters FROM analytics_buyer_span
                        WHERE tenant_id = :t AND (buyers <> 0 OR new_ones <> 0 OR repeaters <> 0)
                        """)
                .param("t", tenantId)
                .query((rs, n) -> span(rs.getObject("scope_id", UUID.class), rs.getObject("to_day", LocalDate.class),
                        rs.getObject("from_day", LocalDate.class), new long[]{rs.getLong("buyers"),
                                rs.getLong("new_ones"), rs.getLong("repeaters")}))
                .list());
        rows.addAll(storeDays(tenantId, "analytics_sales_store_day"));
        rows.addAll(jdbc.sql("""
                        SELECT scope_id, to_day, from_block, buyers, new_ones, repeaters FROM analytics_buyer_block
                        WHERE tenant_id = :t AND (buyers <> 0 OR new_ones <> 0 OR repeaters <> 0)
                        """)
                .param("t", tenantId)
                .query((rs, n) -> "block " + rs.getObject("scope_id", UUID.class) + " "
                        + rs.getObject("to_day", LocalDate.class) + " " + rs.getInt("from_block") + " "
                        + rs.getLong("buyers") + " " + rs.getLong("new_ones") + " " + rs.getLong("repeaters"))
                .list());
        rows.addAll(jdbc.sql("""
                        SELECT store_id, local_day, currency, purchases, net FROM analytics_customer_day
                        WHERE tenant_id = :t AND (purchases <> 0 OR net <> 0)
                        """)
                .param("t", tenantId)
                .query((rs, n) -> "customers " + rs.getString("store_id") + " "
                        + rs.getObject("local_day", LocalDate.class) + " " + rs.getString("currency") + " "
                        + rs.getLong("purchases") + " " + rs.getLong("net"))
                .list());
        return new ArrayList<>(new TreeSet<>(rows));
    }

    private List<String> storeDays(UUID tenantId, String from) {
        return jdbc.sql("SELECT store_id, local_day, currency, sales, known_sales, revenue, known_revenue FROM "
                        + from + (from.startsWith("(") ? "" : " WHERE tenant_id = :t"))
                .param("t", tenantId)
                .query((rs, n) -> "sales " + rs.getString("store_id") + " " + rs.getObject("local_day", LocalDate.class)
                        + " " + rs.getString("currency") + " " + rs.getLong("sales") + " " + rs.getLong("known_sales")
                        + " " + rs.getLong("revenue") + " " + rs.getLong("known_revenue"))
                .list();
    }

    private static String span(UUID scope, LocalDate to, LocalDate from, long[] v) {
        return "span " + scope + " " + to + " " + from + " " + v[0] + " " + v[1] + " " + v[2];
    }

    private record Sale(long seq, String storeId, LocalDate day, String currency, boolean online, long net) {
    }

    /** From the sales alone and identity's answer now, without anything the rollup kept. */
    private List<String> recompute(UUID tenantId) {
        List<Sale> sales = jdbc.sql("""
                        SELECT seq, store_id, local_day, currency, online, total - refunded AS net FROM analytics_sale
                        WHERE tenant_id = :t AND known AND NOT voided ORDER BY local_day, seq
                        """)
                .param("t", tenantId)
                .query((rs, n) -> new Sale(rs.getLong("seq"), rs.getString("store_id"),
                        rs.getObject("local_day", LocalDate.class), rs.getString("currency"), rs.getBoolean("online"),
                        rs.getLong("net")))
                .list();
        Map<Long, UUID> owners = identity.people(tenantId, sales.stream().map(Sale::seq).toList());
        Map<String, long[]> days = new HashMap<>();
        Map<String, long[]> customerDays = new HashMap<>();
        List<BuyerSpans.PersonDay> personDays = new ArrayList<>();
        Map<UUID, List<Sale>> byPerson = new HashMap<>();
        for (Sale sale : sales) {
            UUID person = owners.get(sale.seq());
            if (person == null) {
                continue;
            }
            String key = "day " + person + " " + sale.day() + " " + sale.storeId() + " " + sale.currency() + " "
                    + ((sale.day().getYear() - 1970) * 12 + sale.day().getMonthValue() - 1) + " "
                    + Math.floorDiv(sale.day().toEpochDay() + 3, 7);
            long[] d = days.computeIfAbsent(key, k -> new long[3]);
            d[0]++;
            d[1] += sale.online() ? 1 : 0;
            d[2] += sale.net();
            personDays.add(new BuyerSpans.PersonDay(person, UUID.fromString(sale.storeId()), sale.day(),
                    sale.currency(), 1, sale.net()));
            long[] c = customerDays.computeIfAbsent("customers " + sale.storeId() + " " + sale.day() + " "
                    + sale.currency(), k -> new long[2]);
            c[0]++;
            c[1] += sale.net();
            byPerson.computeIfAbsent(person, k -> new ArrayList<>()).add(sale);
        }
        TreeSet<String> rows = new TreeSet<>();
        // the stores' daily totals: the detailed daily rollup summed over registers, staff and touchpoints
        rows.addAll(storeDays(tenantId, """
                (SELECT store_id, local_day, currency, SUM(sales) AS sales, SUM(known_sales) AS known_sales,
                        SUM(revenue) AS revenue, SUM(known_revenue) AS known_revenue
                 FROM analytics_sales_day WHERE tenant_id = :t GROUP BY store_id, local_day, currency) s"""));
        days.forEach((key, d) -> rows.add(key + " " + d[0] + " " + d[1] + " " + d[2]));
        customerDays.forEach((key, c) -> rows.add(key + " " + c[0] + " " + c[1]));
        Map<BuyerSpans.Cell, long[]> cells = new HashMap<>();
        BuyerSpans.corners(personDays, 1, cells);
        // and summed over blocks of 32 from-days, counted from 1900-01-01
        Map<String, long[]> blocks = new HashMap<>();
        cells.forEach((cell, v) -> {
            if (v[0] != 0 || v[1] != 0 || v[2] != 0) {
                rows.add(span(cell.scope(), cell.to(), cell.from(), v));
            }
            long[] b = blocks.computeIfAbsent("block " + cell.scope() + " " + cell.to() + " "
                    + (cell.from().toEpochDay() - LocalDate.of(1900, 1, 1).toEpochDay()) / 32, k -> new long[3]);
            for (int i = 0; i < 3; i++) {
                b[i] += v[i];
            }
        });
        blocks.forEach((key, b) -> {
            if (b[0] != 0 || b[1] != 0 || b[2] != 0) {
                rows.add(key + " " + b[0] + " " + b[1] + " " + b[2]);
            }
        });
        byPerson.forEach((person, list) -> rows.add("person " + person + " " + list.get(0).day() + " "
                + list.get(list.size() - 1).day() + " " + list.size() + " " + list.get(0).storeId() + " "
                + list.get(0).online()));
        return new ArrayList<>(rows);
    }

    private String profile(TestTenant tenant, String email) {
        return tenant.admin().get("/api/v1/profiles?email=" + email.replace("@", "%40")).json().get("items").get(0)
                .get("id").asString();
    }

    private static void sale(ApiClient till, String id, LocalDate day, String currency, long total,
                             Map<String, String> customer, String touchpoint) {
        Map<String, Object> body = new HashMap<>(Map.of("transactionId", id, "store", "BER-1", "register", "R1",
                "occurredAt", day + (touchpoint == null ? "T12:00:00Z" : "T18:00:00Z"), "currency", currency,
                "total", total,
                "lines", List.of(Map.of("sku", "SKU-1", "name", "Thing", "quantity", 1, "unitPrice", total))));
        if (customer != null) {
            body.put("customer", customer);
        }
        if (touchpoint != null) {
            body.put("touchpoint", touchpoint);
        }
        var response = till.post("/api/v1/transactions", body);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
    }

    private static void reverse(ApiClient till, String id, String type, String original, long total, LocalDate day) {
        var response = till.post("/api/v1/transactions", Map.of("transactionId", id, "type", type,
                "originalTransactionId", original, "store", "BER-1", "occurredAt", day + "T15:00:00Z",
                "currency", "EUR", "total", total));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
    }
}
