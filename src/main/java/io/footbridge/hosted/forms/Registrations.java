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
    private final FormsRepository repository;

    Registrations(JdbcClient jdbc, Stores stores, HostedPages pages, FormsRepository repository) {
        this.repository = repository;
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

    @Override
    public List<Exclusive> openTo(UUID tenantId, String tier, Instant now, int limit) {
        if (tier == null) {
            return List.of();
        }
        // events kept for tiers are few; read a page of them and keep the tier's
        return repository.eventsForTiers(tenantId, now, 200).stream().filter(e -> e.tiers().contains(tier))
                .limit(limit).map(e -> new Exclusive(e.title(), e.storeName(),
                        e.timeZone() == null ? ZoneOffset.UTC : java.time.ZoneId.of(e.timeZone()), e.startsAt(),
                        e.endsAt(), e.booked() >= e.capacity(), pages.baseUrl() + "/e/" + e.code()))
                .toList();
    }
}
