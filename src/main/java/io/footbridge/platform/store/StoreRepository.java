package io.footbridge.platform.store;

import io.footbridge.platform.Actor;
import io.footbridge.platform.OpeningHours;
import io.footbridge.platform.StoreRef;
import io.footbridge.platform.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@Repository
class StoreRepository {

    private static final String COLUMNS = """
            id, code, name, address_line1, address_line2, city, postcode, region, country, time_zone, currency,
            latitude, longitude, created_at, updated_at, archived_at
            """;

    private final JdbcClient jdbc;

    StoreRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(UUID tenantId, Store store) {
        jdbc.sql("""
                        INSERT INTO store (id, tenant_id, code, name, address_line1, address_line2, city, postcode,
                                           region, country, time_zone, currency, latitude, longitude, created_at,
                                           updated_at)
                        VALUES (:id, :tenantId, :code, :name, :line1, :line2, :city, :postcode, :region, :country,
                                :timeZone, :currency, :latitude, :longitude, :createdAt, :updatedAt)
                        """)
                .param("id", store.id())
                .param("tenantId", tenantId)
                .param("code", store.code())
                .param("name", store.name())
                .param("line1", store.address().line1())
                .param("line2", store.address().line2())
                .param("city", store.address().city())
                .param("postcode", store.address().postcode())
                .param("region", store.address().region())
                .param("country", store.country())
                .param("timeZone", store.timeZone())
                .param("currency", store.currency())
                .param("latitude", store.latitude())
                .param("longitude", store.longitude())
                .param("createdAt", Timestamps.of(store.createdAt()))
                .param("updatedAt", Timestamps.of(store.updatedAt()))
                .update();
        insertHours(tenantId, store);
    }

    int update(UUID tenantId, Store store) {
        int changed = jdbc.sql("""
                        UPDATE store SET code = :code, name = :name, address_line1 = :line1, address_line2 = :line2,
                               city = :city, postcode = :postcode, region = :region, country = :country,
                               time_zone = :timeZone, currency = :currency, latitude = :latitude,
                               longitude = :longitude, updated_at = :updatedAt
                        WHERE tenant_id = :tenantId AND id = :id
                        """)
                .param("code", store.code())
                .param("name", store.name())
                .param("line1", store.address().line1())
                .param("line2", store.address().line2())
                .param("city", store.address().city())
                .param("postcode", store.address().postcode())
                .param("region", store.address().region())
                .param("country", store.country())
                .param("timeZone", store.timeZone())
                .param("currency", store.currency())
                .param("latitude", store.latitude())
                .param("longitude", store.longitude())
                .param("updatedAt", Timestamps.of(store.updatedAt()))
                .param("tenantId", tenantId)
                .param("id", store.id())
                .update();
        jdbc.sql("DELETE FROM store_opening_hours WHERE tenant_id = :tenantId AND store_id = :id")
                .param("tenantId", tenantId).param("id", store.id()).update();
        insertHours(tenantId, store);
        return changed;
    }

    private void insertHours(UUID tenantId, Store store) {
        for (OpeningHours interval : store.openingHours()) {
            jdbc.sql("""
                            INSERT INTO store_opening_hours (store_id, tenant_id, weekday, opens, closes)
                            VALUES (:storeId, :tenantId, :weekday, :opens, :closes)
                            """)
                    .param("storeId", store.id()).param("tenantId", tenantId)
                    .param("weekday", interval.weekday().getValue()).param("opens", interval.opens())
                    .param("closes", interval.closes())
                    .update();
        }
    }

    /** The stores' intervals by weekday and time, each store's list empty when it has none. */
    private List<Store> withHours(UUID tenantId, List<Store> stores) {
        if (stores.isEmpty()) {
            return stores;
        }
        Map<UUID, List<OpeningHours>> hours = new HashMap<>();
        jdbc.sql("""
                        SELECT store_id, weekday, opens, closes FROM store_opening_hours
                        WHERE tenant_id = :tenantId AND store_id IN (:ids)
                        ORDER BY weekday, opens
                        """)
                .param("tenantId", tenantId).param("ids", stores.stream().map(Store::id).toList())
                .query(rs -> {
                    hours.computeIfAbsent(rs.getObject(1, UUID.class), id -> new ArrayList<>())
                            .add(new OpeningHours(DayOfWeek.of(rs.getInt(2)), LocalTime.parse(rs.getString(3)),
                                    LocalTime.parse(rs.getString(4))));
                });
        return stores.stream().map(s -> new Store(s.id(), s.code(), s.name(), s.address(), s.country(),
                s.timeZone(), s.currency(), s.latitude(), s.longitude(), s.createdAt(), s.updatedAt(),
                s.archivedAt(), List.copyOf(hours.getOrDefault(s.id(), List.of())))).toList();
    }

    int archive(UUID tenantId, UUID id) {
        var now = Timestamps.now();
        return jdbc.sql("""
                        UPDATE store SET archived_at = :now, updated_at = :now
                        WHERE tenant_id = :tenantId AND id = :id AND archived_at IS NULL
                        """)
                .param("now", now).param("tenantId", tenantId).param("id", id)
                .update();
    }

    boolean codeTaken(UUID tenantId, String code, UUID exceptId) {
        return jdbc.sql("SELECT COUNT(*) FROM store WHERE tenant_id = :tenantId AND code = :code AND id <> :exceptId")
                .param("tenantId", tenantId).param("code", code).param("exceptId", exceptId)
                .query(Long.class).single() > 0;
    }

    Optional<Store> find(UUID tenantId, UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM store WHERE tenant_id = :tenantId AND id = :id")
                .param("tenantId", tenantId).param("id", id)
                .query(StoreRepository::toStore).optional()
                .map(store -> withHours(tenantId, List.of(store)).get(0));
    }

    /** {@code onlyIds} null means every store; archived stores only when asked for. */
    List<Store> list(UUID tenantId, Collection<UUID> onlyIds, boolean includeArchived, int limit, int offset) {
        if (onlyIds != null && onlyIds.isEmpty()) {
            return List.of();
        }
        return withHours(tenantId, jdbc.sql("SELECT " + COLUMNS + """
                        FROM store
                        WHERE tenant_id = :tenantId
                          AND (:includeArchived = TRUE OR archived_at IS NULL)
                        """ + (onlyIds == null ? "" : " AND id IN (:ids)") + """
                        ORDER BY code
                        LIMIT :limit OFFSET :offset
                        """)
                .param("tenantId", tenantId)
                .param("includeArchived", includeArchived)
                .param("ids", onlyIds == null ? List.of() : onlyIds)
                .param("limit", limit)
                .param("offset", offset)
                .query(StoreRepository::toStore).list());
    }

    Optional<StoreRef> findByCode(UUID tenantId, String code) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM store WHERE tenant_id = :tenantId AND code = :code")
                .param("tenantId", tenantId).param("code", code)
                .query(StoreRepository::toStore).optional()
                .map(store -> toRef(tenantId, store));
    }

    Optional<StoreRef> findById(UUID tenantId, UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM store WHERE tenant_id = :tenantId AND id = :id")
                .param("tenantId", tenantId).param("id", id)
                .query(StoreRepository::toStore).optional()
                .map(store -> toRef(tenantId, store));
    }

    List<OpeningHours> openingHours(UUID tenantId, UUID storeId) {
        return find(tenantId, storeId).map(Store::openingHours).orElse(List.of());
    }

    List<StoreRef> workingIn(Actor actor, int limit) {
        return list(actor.tenantId(), actor.allStores() ? null : actor.storeIds(), false, limit, 0).stream()
                .map(store -> toRef(actor.tenantId(), store)).toList();
    }

    private static StoreRef toRef(UUID tenantId, Store store) {
        return new StoreRef(store.id(), tenantId, store.code(), store.name(), store.country(),
                ZoneId.of(store.timeZone()), store.currency(), store.archivedAt() != null);
    }

    private static Store toStore(ResultSet rs, int row) throws SQLException {
        return new Store(rs.getObject("id", UUID.class), rs.getString("code"), rs.getString("name"),
                new Store.Address(rs.getString("address_line1"), rs.getString("address_line2"),
                        rs.getString("city"), rs.getString("postcode"), rs.getString("region")),
                rs.getString("country"), rs.getString("time_zone"), rs.getString("currency"),
                rs.getObject("latitude", Double.class), rs.getObject("longitude", Double.class),
                Timestamps.instant(rs, "created_at"), Timestamps.instant(rs, "updated_at"),
                Timestamps.instant(rs, "archived_at"), List.of());
    }
}
