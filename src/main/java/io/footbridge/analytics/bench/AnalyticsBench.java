package io.footbridge.analytics.bench;

import tools.jackson.databind.json.JsonMapper;

import java.io.PrintStream;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bench analytics}: fills PostgreSQL with a store's worth of customers and sales straight into analytics'
 * tables (server-side multi-row INSERT … SELECT over generate_series: minutes for 10,000,000 sales, where the API
 * would take hours), then measures the figures a running server answers from them: the console home, the key
 * figures for a year, cohorts and the lifetime-value fit. It measures reading, not the incremental upkeep (that
 * follows the capture log as sales arrive). It starts no application: the server is one started apart from it, on
 * the same database.
 */
public final class AnalyticsBench {

    static final String USAGE = """
            usage: java -jar footbridge.jar bench analytics --user EMAIL:PASSWORD --jdbc JDBC-URL
                       [--db-user postgres] [--db-password ''] [--target http://localhost:8080]
                       [--customers 20000] [--sales 200000] [--days 730] [--known 0.7] [--runs 20]
              --user       a tenant admin (or the installation admin); also FOOTBRIDGE_BENCH_USER
              --jdbc       the server's PostgreSQL database; also SPRING_DATASOURCE_URL
              --customers  known customers, each with a first purchase; --sales sales in all (--known of them
                           identified) over the last --days days; --runs requests per figure""";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final List<String> OPTIONS = List.of("target", "user", "jdbc", "db-user", "db-password",
            "customers", "sales", "days", "known", "runs");
    private static final int CHUNK = 1_000_000;

    private final URI target;
    private final String user;
    private final HttpClient http;
    private final PrintStream out;

    private AnalyticsBench(URI target, String user, PrintStream out) {
        this.target = target;
        this.user = user;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
        this.out = out;
    }

    /** Runs {@code bench analytics …}; 0 when every request was answered, 1 when not, 2 for wrong options. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> options;
        try {
            options = options(args);
        } catch (IllegalArgumentException wrong) {
            err.println(wrong.getMessage() + "\n" + USAGE);
            return 2;
        }
        String user = options.getOrDefault("user", System.getenv("FOOTBRIDGE_BENCH_USER"));
        String jdbc = options.getOrDefault("jdbc", System.getenv("SPRING_DATASOURCE_URL"));
        if (user == null || !user.contains(":") || jdbc == null || !jdbc.startsWith("jdbc:postgresql:")) {
            err.println("--user EMAIL:PASSWORD and --jdbc jdbc:postgresql://… are needed\n" + USAGE);
            return 2;
        }
        try {
            Size size = new Size(Integer.parseInt(options.getOrDefault("customers", "20000")),
                    Long.parseLong(options.getOrDefault("sales", "200000")),
                    Integer.parseInt(options.getOrDefault("days", "730")),
                    Double.parseDouble(options.getOrDefault("known", "0.7")),
                    Integer.parseInt(options.getOrDefault("runs", "20")));
            if (size.customers() < 1 || size.sales() < size.customers() || size.days() < 1 || size.runs() < 1
                    || size.known() <= 0 || size.known() > 1) {
                throw new NumberFormatException("sales ≥ customers ≥ 1, days ≥ 1, runs ≥ 1, 0 < known ≤ 1");
            }
            AnalyticsBench bench = new AnalyticsBench(URI.create(options.getOrDefault("target",
                    "http://localhost:8080")), user, out);
            try (Connection db = DriverManager.getConnection(jdbc, options.getOrDefault("db-user", "postgres"),
                    options.getOrDefault("db-password", ""))) {
                return bench.measure(db, size) ? 0 : 1;
            }
        } catch (NumberFormatException wrong) {
            err.println("wrong number: " + wrong.getMessage() + "\n" + USAGE);
            return 2;
        } catch (Exception e) {
            err.println("bench analytics failed: " + e);
            return 1;
        }
    }

    record Size(int customers, long sales, int days, double known, int runs) {
    }

    private boolean measure(Connection db, Size size) throws Exception {
        String store = "BENCH-" + Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36), 36)
                .toUpperCase(Locale.ROOT);
        String basic = "Basic " + Base64.getEncoder().encodeToString(user.getBytes(StandardCharsets.UTF_8));
        // the store and its tenant as the server answers them: the bench writes analytics' tables, not platform's
        UUID storeId = UUID.fromString(JSON.readTree(admin(basic, "/api/v1/stores", Map.of("code", store,
                "name", "Benchmark " + store, "country", "DE", "timeZone", "Europe/Berlin", "currency", "EUR")))
                .get("id").asString());
        String key = "Bearer " + JSON.readTree(admin(basic, "/api/v1/api-keys", Map.of("name", "bench " + store,
                "scopes", List.of("analytics:read")))).get("secret").asString();
        UUID tenantId = UUID.fromString(JSON.readTree(get(key, "/api/v1/me")).get("tenantId").asString());
        LocalDate today = LocalDate.now(ZoneId.of("Europe/Berlin"));
        out.printf("store %s: filling %,d customers, %,d sales over %d days%n", store, size.customers(),
                size.sales(), size.days());
        long started = System.nanoTime();
        fill(db, storeId, tenantId, store, today.minusDays(size.days() - 1L), size);
        out.printf("filled in %.1f s%n", (System.nanoTime() - started) / 1e9);
        try (Statement analyze = db.createStatement()) {
            analyze.execute("ANALYZE");
        }
        login();
        LocalDate yearAgo = today.minusDays(364);
        boolean clean = report("GET / (console home, 90 days)", size.runs(), run -> page("/?period=90d"));
        clean &= report("GET /api/v1/analytics/kpis (365 days)", size.runs(),
                run -> api(key, "/api/v1/analytics/kpis?from=" + yearAgo + "&to=" + today));
        clean &= report("GET /api/v1/analytics/kpis (365 days, 1 store)", size.runs(),
                run -> api(key, "/api/v1/analytics/kpis?from=" + yearAgo + "&to=" + today + "&store=" + store));
        clean &= report("GET /api/v1/analytics/cohorts (12 months)", Math.max(1, size.runs() / 4),
                run -> api(key, "/api/v1/analytics/cohorts?from=" + yearAgo.withDayOfMonth(1) + "&to=" + today));
        // a fit is kept per tenant, stores and day: this store's, on another day each run, is fitted afresh
        clean &= report("GET /api/v1/analytics/lifetime (fresh fits, 1 store)", 3,
                run -> api(key, "/api/v1/analytics/lifetime?store=" + store + "&to=" + today.minusDays(run)));
        return clean;
    }

    /** A request measured: its answer's status, or a negative number for an exception. */
    private boolean report(String name, int runs, IntFunction<Integer> request) {
        List<Double> millis = new ArrayList<>();
        int wrong = 0;
        String first = null;
        for (int run = 0; run < runs; run++) {
            long start = System.nanoTime();
            int status = request.apply(run);
            millis.add((System.nanoTime() - start) / 1e6);
            if (status != 200 && status != 204) {
                wrong++;
                first = first == null ? "status " + status : first;
            }
        }
        Collections.sort(millis);
        out.printf("%-50s runs %3d  p50 %7.0f ms  p95 %7.0f ms  max %7.0f ms  errors %d%s%n", name, runs,
                percentile(millis, 0.50), percentile(millis, 0.95), millis.get(millis.size() - 1), wrong,
                first == null ? "" : " (first: " + first + ")");
        return wrong == 0;
    }

    static double percentile(List<Double> sorted, double p) {
        return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1));
    }

    // ---- filling the tables, all on the database server ----

    /**
     * Sales 1 … customers are each customer's first; the rest fall on customers skewed towards the low numbers
     * (a few come often, most seldom), each identified with probability known. Days are spread evenly.
     */
    private void fill(Connection db, UUID storeId, UUID tenantId, String store, LocalDate first, Size size)
            throws SQLException {
        try (Statement session = db.createStatement()) {
            // this connection's own settings, not the server's: the rollups below group and sort millions of rows,
            // which spill to disk in PostgreSQL's default 4 MB; and nothing here needs to wait for a flush per commit
            session.execute("SET work_mem = '512MB'");
            session.execute("SET maintenance_work_mem = '512MB'");
            session.execute("SET synchronous_commit = off");
        }
        db.setAutoCommit(false);
        for (long from = 1; from <= size.sales(); from += CHUNK) {
            long to = Math.min(size.sales(), from + CHUNK - 1);
            try (PreparedStatement s = db.prepareStatement("""
                    INSERT INTO analytics_sale (tenant_id, transaction_id, seq, store_id, local_day, register_id,
                        staff_id, touchpoint_id, currency, total, refunded, known, voided, person_id, pending,
                        pending_since, online)
                    SELECT ?, ? || g, -g, ?, CAST(? AS DATE) + CAST(floor(r1 * ?) AS INT), 'R' || (g % 8),
                           'S' || (g % 25), NULL, 'EUR', 500 + CAST(floor(r2 * 20000) AS BIGINT), 0, k, FALSE,
                           CASE WHEN k THEN CAST(md5(? || ':' || CASE WHEN g <= ? THEN g - 1
                               ELSE CAST(floor(r3 * r3 * ?) AS BIGINT) END) AS UUID) END,
                           FALSE, NULL, g % 40 = 0
                    FROM (SELECT g, random() AS r1, random() AS r2, random() AS r3, g <= ? OR random() < ? AS k
                          FROM generate_series(CAST(? AS BIGINT), CAST(? AS BIGINT)) g) x
                    """)) {
                int i = 1;
                s.setObject(i++, tenantId);
                s.setString(i++, "bench-" + store + "-");
                s.setObject(i++, storeId);
                s.setString(i++, first.toString());
                s.setInt(i++, size.days());
                s.setString(i++, store);
                s.setLong(i++, size.customers());
                s.setLong(i++, size.customers());
                s.setLong(i++, size.customers());
                s.setDouble(i++, size.known());
                s.setLong(i++, from);
                s.setLong(i, to);
                s.executeUpdate();
            }
            db.commit();
            out.printf("  sales %,d of %,d%n", to, size.sales());
        }
        // the rollups, by the definitions analytics keeps them with as sales arrive
        execute(db, tenantId, storeId, """
                INSERT INTO analytics_sales_day (tenant_id, store_id, local_day, register_id, staff_id, touchpoint,
                    currency, sales, known_sales, revenue, known_revenue)
                SELECT tenant_id, store_id, local_day, register_id, staff_id, '', currency, COUNT(*),
                       SUM(CASE WHEN known THEN 1 ELSE 0 END), SUM(total - refunded),
                       SUM(CASE WHEN known THEN total - refunded ELSE 0 END)
                FROM analytics_sale WHERE tenant_id = ? AND store_id = ? AND NOT voided
                GROUP BY tenant_id, store_id, local_day, register_id, staff_id, currency
                """);
        execute(db, tenantId, storeId, """
                INSERT INTO analytics_sales_store_day (tenant_id, store_id, local_day, currency, sales, known_sales,
                    revenue, known_revenue)
                SELECT tenant_id, store_id, local_day, currency, SUM(sales), SUM(known_sales), SUM(revenue),
                       SUM(known_revenue)
                FROM analytics_sales_day WHERE tenant_id = ? AND store_id = ?
                GROUP BY tenant_id, store_id, local_day, currency
                """);
        execute(db, tenantId, storeId, """
                INSERT INTO analytics_person_day (tenant_id, person_id, store_id, local_day, currency, month_no,
                    week_no, purchases, online_purchases, net)
                SELECT tenant_id, person_id, store_id, local_day, currency,
                       (CAST(EXTRACT(YEAR FROM local_day) AS INT) - 1970) * 12
                           + CAST(EXTRACT(MONTH FROM local_day) AS INT) - 1,
                       CAST(floor((local_day - DATE '1970-01-01' + 3) / 7.0) AS INT),
                       COUNT(*), SUM(CASE WHEN online THEN 1 ELSE 0 END), SUM(total - refunded)
                FROM analytics_sale WHERE tenant_id = ? AND store_id = ? AND person_id IS NOT NULL AND NOT voided
                GROUP BY tenant_id, person_id, store_id, local_day, currency
                """);
        execute(db, tenantId, storeId, """
                INSERT INTO analytics_person (tenant_id, person_id, first_day, last_day, purchases, first_store_id,
                    first_online)
                SELECT DISTINCT ON (person_id) tenant_id, person_id,
                       MIN(local_day) OVER (PARTITION BY person_id), MAX(local_day) OVER (PARTITION BY person_id),
                       COUNT(*) OVER (PARTITION BY person_id), store_id, online
                FROM analytics_sale WHERE tenant_id = ? AND store_id = ? AND person_id IS NOT NULL AND NOT voided
                ORDER BY person_id, local_day, seq
                """);
        execute(db, tenantId, storeId, """
                INSERT INTO analytics_customer_day (tenant_id, store_id, local_day, currency, purchases, net)
                SELECT tenant_id, store_id, local_day, currency, SUM(purchases), SUM(net)
                FROM analytics_person_day WHERE tenant_id = ? AND store_id = ?
                GROUP BY tenant_id, store_id, local_day, currency
                """);
        // the buyer summaries' corners (see V45_0): this store's people buy nowhere else, so the store's corners
        // are also what they add to every store's together
        execute(db, tenantId, storeId, """
                INSERT INTO analytics_buyer_span (tenant_id, scope_id, to_day, from_day, buyers, new_ones, repeaters)
                SELECT tenant_id, scope_id, to_day, from_day, SUM(buyers), SUM(new_ones), SUM(repeaters)
                FROM (SELECT w.tenant_id, w.scope_id,
                             CASE WHEN c.kind IN (3, 4) THEN (CASE WHEN w.k >= 2 THEN w.d ELSE w.n END)
                                  ELSE w.d END AS to_day,
                             CASE c.kind WHEN 1 THEN COALESCE(w.p + 1, DATE '1900-01-01') WHEN 2 THEN w.d + 1
                                         WHEN 3 THEN COALESCE(w.p + 1, DATE '1900-01-01') WHEN 4 THEN w.d + 1
                                         WHEN 5 THEN DATE '1900-01-01' ELSE w.d + 1 END AS from_day,
                             CASE c.kind WHEN 1 THEN 1 WHEN 2 THEN -1 ELSE 0 END AS buyers,
                             CASE c.kind WHEN 5 THEN 1 WHEN 6 THEN -1 ELSE 0 END AS new_ones,
                             CASE c.kind WHEN 3 THEN 1 WHEN 4 THEN -1 ELSE 0 END AS repeaters
                      FROM (SELECT g.tenant_id, g.scope_id, g.d, g.k,
                                   LAG(g.d) OVER (PARTITION BY g.person_id ORDER BY g.d) AS p,
                                   LEAD(g.d) OVER (PARTITION BY g.person_id ORDER BY g.d) AS n
                            FROM (SELECT tenant_id, store_id AS scope_id, person_id, local_day AS d,
                                         SUM(purchases) AS k
                                  FROM analytics_person_day WHERE tenant_id = ? AND store_id = ?
                                  GROUP BY tenant_id, store_id, person_id, local_day) g) w
                      CROSS JOIN (VALUES (1), (2), (3), (4), (5), (6)) AS c(kind)
                      WHERE c.kind IN (1, 2) OR (c.kind IN (3, 4) AND (w.k >= 2 OR w.n IS NOT NULL))
                         OR (c.kind IN (5, 6) AND w.p IS NULL)) corners
                GROUP BY tenant_id, scope_id, to_day, from_day
                HAVING SUM(buyers) <> 0 OR SUM(new_ones) <> 0 OR SUM(repeaters) <> 0
                """);
        execute(db, tenantId, storeId, """
                INSERT INTO analytics_buyer_span (tenant_id, scope_id, to_day, from_day, buyers, new_ones, repeaters)
                SELECT tenant_id, CAST('00000000-0000-0000-0000-000000000000' AS UUID), to_day, from_day, buyers,
                       new_ones, repeaters
                FROM analytics_buyer_span WHERE tenant_id = ? AND scope_id = ?
                ON CONFLICT (tenant_id, scope_id, to_day, from_day) DO UPDATE
                SET buyers = analytics_buyer_span.buyers + EXCLUDED.buyers,
                    new_ones = analytics_buyer_span.new_ones + EXCLUDED.new_ones,
                    repeaters = analytics_buyer_span.repeaters + EXCLUDED.repeaters
                """);
        // and summed over blocks of from-days (see V52_0), for the store and then added to every store's together
        execute(db, tenantId, storeId, """
                INSERT INTO analytics_buyer_block (tenant_id, scope_id, to_day, from_block, buyers, new_ones,
                    repeaters)
                SELECT tenant_id, scope_id, to_day, (from_day - DATE '1900-01-01') / 32, SUM(buyers), SUM(new_ones),
                       SUM(repeaters)
                FROM analytics_buyer_span WHERE tenant_id = ? AND scope_id = ?
                GROUP BY tenant_id, scope_id, to_day, (from_day - DATE '1900-01-01') / 32
                HAVING SUM(buyers) <> 0 OR SUM(new_ones) <> 0 OR SUM(repeaters) <> 0
                """);
        execute(db, tenantId, storeId, """
                INSERT INTO analytics_buyer_block (tenant_id, scope_id, to_day, from_block, buyers, new_ones,
                    repeaters)
                SELECT tenant_id, CAST('00000000-0000-0000-0000-000000000000' AS UUID), to_day, from_block, buyers,
                       new_ones, repeaters
                FROM analytics_buyer_block WHERE tenant_id = ? AND scope_id = ?
                ON CONFLICT (tenant_id, scope_id, to_day, from_block) DO UPDATE
                SET buyers = analytics_buyer_block.buyers + EXCLUDED.buyers,
                    new_ones = analytics_buyer_block.new_ones + EXCLUDED.new_ones,
                    repeaters = analytics_buyer_block.repeaters + EXCLUDED.repeaters
                """);
        db.setAutoCommit(true);
    }

    private void execute(Connection db, UUID tenantId, UUID storeId, String sql) throws SQLException {
        long started = System.nanoTime();
        try (PreparedStatement s = db.prepareStatement(sql)) {
            s.setObject(1, tenantId);
            s.setObject(2, storeId);
            int rows = s.executeUpdate();
            db.commit();
            out.printf("  %s: %,d rows in %.1f s%n", sql.substring(sql.indexOf("INTO ") + 5, sql.indexOf(" (")),
                    rows, (System.nanoTime() - started) / 1e9);
        }
    }

    // ---- HTTP ----

    private String admin(String basic, String path, Object body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(target.resolve(path))
                .header("Authorization", basic).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("POST " + path + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body();
    }

    /** Signs in through the console's login form; the session cookie stays in the client. */
    private void login() throws Exception {
        String page = http.send(HttpRequest.newBuilder(target.resolve("/login")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher csrf = CSRF.matcher(page);
        if (!csrf.find()) {
            throw new IllegalStateException("no CSRF token on the login page");
        }
        int colon = user.indexOf(':');
        String form = "username=" + encode(user.substring(0, colon)) + "&password="
                + encode(user.substring(colon + 1)) + "&_csrf=" + encode(csrf.group(1));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(target.resolve("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        String location = response.headers().firstValue("Location").orElse("");
        if (response.statusCode() != 302 || location.contains("error")) {
            throw new IllegalStateException("console login failed: " + response.statusCode() + " " + location);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private int page(String path) {
        return send(HttpRequest.newBuilder(target.resolve(path)).timeout(Duration.ofSeconds(120)).GET().build());
    }

    private String get(String key, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(target.resolve(path))
                .header("Authorization", key).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + response.statusCode());
        }
        return response.body();
    }

    private int api(String key, String path) {
        return send(HttpRequest.newBuilder(target.resolve(path)).header("Authorization", key)
                .timeout(Duration.ofSeconds(300)).GET().build());
    }

    private int send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } catch (Exception e) {
            return -1;
        }
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        List<String> rest = new ArrayList<>(List.of(args));
        if (rest.size() >= 2 && rest.get(0).equals("bench") && rest.get(1).equals("analytics")) {
            rest = rest.subList(2, rest.size());
        }
        for (int i = 0; i < rest.size(); i++) {
            String arg = rest.get(i);
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument: " + arg);
            }
            int equals = arg.indexOf('=');
            if (equals > 0) {
                options.put(arg.substring(2, equals), arg.substring(equals + 1));
            } else if (i + 1 < rest.size() && !rest.get(i + 1).startsWith("--")) {
                options.put(arg.substring(2), rest.get(++i));
            } else {
                throw new IllegalArgumentException("no value for " + arg);
            }
        }
        for (String name : options.keySet()) {
            if (!OPTIONS.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name);
            }
        }
        return options;
    }
}
