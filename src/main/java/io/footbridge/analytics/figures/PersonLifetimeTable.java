package io.footbridge.analytics.figures;

import io.footbridge.analytics.Lifetimes;
import io.footbridge.analytics.PersonLifetimes;
import io.footbridge.analytics.PersonLifetimesRefreshed;
import io.footbridge.analytics.clv.LifetimeValues;
import io.footbridge.platform.BackgroundWork;
import io.footbridge.platform.Timestamps;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Keeps {@code analytics_person_lifetime}: every hour (task {@code analytics-person-lifetimes}) each tenant with
 * buyers is fitted again, per currency, on the per-person rollup, and its rows replaced in one transaction; a tenant
 * can also be asked for at once (task {@code analytics-person-lifetimes-now}). Refreshes of one tenant may overlap
 * (the hourly pass, one asked for, another node's): the values read last are kept, whichever commits last.
 */
@Component
class PersonLifetimeTable implements PersonLifetimes {

    static final Duration EVERY = Duration.ofHours(1);

    private final JdbcClient jdbc;
    private final JdbcTemplate stream;
    private final TransactionTemplate transaction;
    private final ApplicationEventPublisher events;
    private final JdbcTemplate batch;
    private final BackgroundWork.OneOff<UUID> soon;

    PersonLifetimeTable(JdbcClient jdbc, JdbcTemplate batch, DataSource dataSource, TransactionTemplate transaction,
                        ApplicationEventPublisher events, BackgroundWork background) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.stream = new JdbcTemplate(dataSource);
        // PostgreSQL's driver reads a result in pieces of this size only inside a transaction
        this.stream.setFetchSize(10_000);
        this.transaction = transaction;
        this.events = events;
        background.recurring("analytics-person-lifetimes", EVERY, this::refreshAll);
        this.soon = background.oneOff("analytics-person-lifetimes-now", UUID.class, 3,
                tenantId -> refresh(tenantId, LocalDate.now(ZoneOffset.UTC)));
    }

    @Override
    public void requestRefresh(UUID tenantId) {
        // one instance per tenant: asking again before it ran changes nothing
        soon.schedule(tenantId.toString(), Instant.now(), tenantId);
    }

    void refreshAll() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        for (UUID tenantId : jdbc.sql("SELECT DISTINCT tenant_id FROM analytics_person").query(UUID.class).list()) {
            refresh(tenantId, today);
        }
    }

    @Override
    public List<PersonLifetime> of(UUID tenantId) {
        return jdbc.sql("""
                        SELECT person_id, currency, clv, active_probability FROM analytics_person_lifetime
                        WHERE tenant_id = :tenantId ORDER BY person_id, currency
                        """)
                .param("tenantId", tenantId)
                .query((rs, row) -> new PersonLifetime(rs.getObject("person_id", UUID.class),
                        rs.getString("currency"), rs.getLong("clv"), rs.getDouble("active_probability")))
                .list();
    }

    @Override
    public Optional<Instant> refreshedAt(UUID tenantId) {
        return jdbc.sql("SELECT refreshed_at FROM analytics_lifetime_refresh WHERE tenant_id = :tenantId")
                .param("tenantId", tenantId)
                .query((rs, row) -> rs.getObject(1, OffsetDateTime.class).toInstant()).optional();
    }

    @Override
    public void refresh(UUID tenantId, LocalDate through) {
        // the moment the purchases are read is what the values are as of, and what decides between overlapping runs
        Instant readAt = Instant.now();
        // fitted outside the transaction: it takes a second or so on a large tenant. The rollup is read once, as a
        // stream ordered by currency, person and day, and folded into each customer's summary as it passes (as the
        // lifetime-value figure does): memory holds a summary per customer, never their purchase days
        Map<String, LifetimeValues.Summaries> byCurrency = new TreeMap<>();
        transaction.executeWithoutResult(status -> stream.query("""
                        SELECT currency, person_id, local_day, SUM(net) AS net FROM analytics_person_day
                        WHERE tenant_id = ? AND local_day <= ?
                        GROUP BY currency, person_id, local_day
                        ORDER BY currency, person_id, local_day
                        """,
                (RowCallbackHandler) rs -> {
                    // a day refunded in full is no spend, but still a visit the customer made (as in LifetimeFigures)
                    byCurrency.computeIfAbsent(rs.getString("currency"),
                                    c -> new LifetimeValues.Summaries(through, true))
                            .purchase(rs.getObject("person_id", UUID.class), rs.getObject("local_day", LocalDate.class),
                                    Math.max(0, rs.getLong("net")));
                }, tenantId, java.sql.Date.valueOf(through)));
        List<PersonLifetime> values = new ArrayList<>();
        // the optimiser's result depends slightly on the order of customers: both databases order UUIDs as unsigned
        // bytes, the order of their text, so both and every refresh of unchanged purchases fit alike
        byCurrency.forEach((currency, summaries) -> LifetimeValues.perCustomer(summaries, Lifetimes.HORIZON_WEEKS)
                .ifPresent(fitted -> fitted.forEach(v -> values.add(new PersonLifetime(UUID.fromString(v.customer()),
                        currency, Math.round(v.value()), v.activeProbability())))));
        transaction.executeWithoutResult(status -> {
            if (!claim(tenantId, through, readAt)) {
                // another run read the purchases later than this one and has written its values already
                return;
            }
            jdbc.sql("DELETE FROM analytics_person_lifetime WHERE tenant_id = :tenantId")
                    .param("tenantId", tenantId).update();
            // in batches: a large tenant has a row for each of its buyers
            batch.batchUpdate("""
                            INSERT INTO analytics_person_lifetime (tenant_id, person_id, currency, clv,
                                active_probability) VALUES (?, ?, ?, ?, ?)
                            """, values, 1000, (ps, v) -> {
                        ps.setObject(1, tenantId);
                        ps.setObject(2, v.personId());
                        ps.setString(3, v.currency());
                        ps.setLong(4, v.clv());
                        ps.setDouble(5, v.activeProbability());
                    });
            events.publishEvent(new PersonLifetimesRefreshed(tenantId, through));
        });
    }

    /**
     * Marks the tenant's values as read at {@code readAt}, holding the tenant's row until the transaction ends so
     * overlapping runs write one after the other; false when the values kept were read later.
     */
    private boolean claim(UUID tenantId, LocalDate through, Instant readAt) {
        int inserted = jdbc.sql("""
                        INSERT INTO analytics_lifetime_refresh (tenant_id, through_day, refreshed_at)
                        VALUES (:tenantId, :through, :readAt) ON CONFLICT DO NOTHING
                        """)
                .param("tenantId", tenantId).param("through", through).param("readAt", Timestamps.of(readAt))
                .update();
        if (inserted == 1) {
            return true;
        }
        Instant kept = jdbc.sql("SELECT refreshed_at FROM analytics_lifetime_refresh WHERE tenant_id = :tenantId"
                        + " FOR UPDATE")
                .param("tenantId", tenantId)
                .query((rs, row) -> rs.getObject(1, OffsetDateTime.class).toInstant()).single();
        if (kept.isAfter(readAt)) {
            return false;
        }
        jdbc.sql("""
                        UPDATE analytics_lifetime_refresh SET through_day = :through, refreshed_at = :readAt
                        WHERE tenant_id = :tenantId
                        """)
                .param("tenantId", tenantId).param("through", through).param("readAt", Timestamps.of(readAt))
                .update();
        return true;
    }
}
