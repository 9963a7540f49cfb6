package io.footbridge.analytics.figures;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.footbridge.analytics.Lifetimes;
import io.footbridge.analytics.clv.LifetimeValues;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Lifetime values fitted from the per-person rollup (a person's purchase days and what they paid), read as a stream
 * in one pass: each customer's purchase days are folded into their summary as they arrive, so memory holds a few
 * numbers per customer, not their purchases. A fit takes seconds on a large tenant, so one is kept for a few
 * minutes per tenant, stores and day.
 */
@Component
class LifetimeFigures implements Lifetimes {

    private static final int BINS = 12;

    private final JdbcClient jdbc;
    private final JdbcTemplate stream;
    private final TransactionTemplate transaction;
    private final Cache<List<Object>, Optional<LifetimeValue>> fits = Caffeine.newBuilder().maximumSize(200)
            .expireAfterWrite(Duration.ofMinutes(10)).build();

    LifetimeFigures(JdbcClient jdbc, DataSource dataSource, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.stream = new JdbcTemplate(dataSource);
        // PostgreSQL's driver reads a result in pieces of this size only inside a transaction
        this.stream.setFetchSize(10_000);
        this.transaction = transaction;
    }

    @Override
    public Optional<LifetimeValue> of(UUID tenantId, Set<UUID> storeIds, LocalDate last) {
        return fits.get(java.util.Arrays.asList(tenantId, storeIds, last), key -> fit(tenantId, storeIds, last));
    }

    private Optional<LifetimeValue> fit(UUID tenantId, Set<UUID> storeIds, LocalDate last) {
        Map<String, Long> byCurrency = new HashMap<>();
        jdbc.sql(KpiFigures.inline("""
                        SELECT currency, SUM(purchases) AS purchases FROM analytics_customer_day
                        WHERE tenant_id = :tenantId AND local_day <= :last AND (:allStores OR store_id IN (:storeIds))
                        GROUP BY currency HAVING SUM(purchases) > 0
                        """, tenantId, storeIds, null, last))
                .query((rs, n) -> byCurrency.put(rs.getString("currency"), rs.getLong("purchases")))
                .list();
        Optional<String> currency = byCurrency.entrySet().stream().max(Map.Entry.<String, Long>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey())).map(Map.Entry::getKey);
        if (currency.isEmpty()) {
            return Optional.empty();
        }
        LifetimeValues.Summaries summaries = new LifetimeValues.Summaries(last);
        transaction.executeWithoutResult(status -> stream.query(KpiFigures.inline("""
                        SELECT person_id, local_day, SUM(net) AS net FROM analytics_person_day
                        WHERE tenant_id = :tenantId AND local_day <= :last AND (:allStores OR store_id IN (:storeIds))
                          AND currency = ?
                        GROUP BY person_id, local_day
                        ORDER BY person_id, local_day
                        """, tenantId, storeIds, null, last),
                // a day's purchases refunded in full are no spend, but still a visit the customer made
                (RowCallbackHandler) rs -> summaries.purchase(rs.getObject("person_id", UUID.class),
                        rs.getObject("local_day", LocalDate.class), Math.max(0, rs.getLong("net"))),
                currency.get()));
        return LifetimeValues.of(summaries, HORIZON_WEEKS, BINS).map(d -> new LifetimeValue(currency.get(),
                last, HORIZON_WEEKS, d.r(), d.alpha(), d.a(), d.b(), d.p(), d.q(), d.gamma(), d.customers(),
                Math.round(d.total()), Math.round(d.median()), d.bins().stream()
                .map(b -> new Bin(Math.round(b.from()), Math.round(b.to()), b.customers())).toList()));
    }
}
