package io.footbridge.hosted.forms;

import io.footbridge.hosted.registrations.EventRegistrations;
import io.footbridge.platform.HostedPages;
import io.footbridge.platform.StoreRef;
import io.footbridge.platform.Stores;
import io.footbridge.platform.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

@Component
class Registrations implements EventRegistrations {

    private final JdbcClient jdbc;
    private final Stores stores;
    private final HostedPages pages;

    Registrations(JdbcClient jdbc, Stores stores, HostedPages pages) {
        this.jdbc = jdbc;
        this.stores = stores;
        this.pages = pages;
    }

    @Override
    public List<Upcoming> upcoming(UUID tenantId, Collection<String> emails, Instant now, int limit) {
        if (emails.isEmpty()) {
            return List.of();
        }
        List<String> lower = emails.stream().map(e -> e.toLowerCase(Locale.ROOT)).distinct().toList();
        return jdbc.sql("""
                        SELECT t.token, t.seats, t.status, e.title, e.store_id, e.starts_at, e.ends_at
                        FROM event_ticket t JOIN listed_event e ON e.id = t.event_id AND e.tenant_id = t.tenant_id
                        WHERE t.tenant_id = :t AND LOWER(t.email) IN (:emails) AND t.status <> :cancelled
                          AND e.ends_at > :now
                        ORDER BY e.starts_at, t.token FETCH FIRST :n ROWS ONLY
                        """).param("t", tenantId).param("emails", lower).param("cancelled", ListedEvents.CANCELLED)
                .param("now", Timestamps.of(now)).param("n", limit)
                .query((rs, n) -> {
                    Optional<StoreRef> store = stores.findById(tenantId, rs.getObject("store_id", UUID.class));
                    return new Upcoming(rs.getString("title"), store.map(StoreRef::name).orElse(null),
                            store.map(StoreRef::timeZone).orElse(ZoneOffset.UTC), Timestamps.instant(rs, "starts_at"),
                            Timestamps.instant(rs, "ends_at"), rs.getInt("seats"), rs.getString("status"),
                            pages.baseUrl() + "/e/t/" + rs.getString("token"));
                }).list();
    }
}
