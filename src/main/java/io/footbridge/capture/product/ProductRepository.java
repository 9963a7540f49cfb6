package io.footbridge.capture.product;

import io.footbridge.platform.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@Repository
class ProductRepository {

    private static final String SELECT = """
            SELECT sku, name, category, price, currency, url, created_at, updated_at, archived_at FROM product
            """;

    private final JdbcClient jdbc;

    ProductRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Writing a product brings it back from the archive. */
    int update(UUID tenantId, String sku, ProductRequest p, OffsetDateTime now) {
        return jdbc.sql("""
                        UPDATE product SET name = :name, category = :category, price = :price, currency = :currency,
                               url = :url, updated_at = :now, archived_at = NULL
                        WHERE tenant_id = :tenantId AND sku = :sku
                        """)
                .param("name", p.name()).param("category", p.category()).param("price", p.price())
                .param("currency", p.currency()).param("url", p.url()).param("now", now)
                .param("tenantId", tenantId).param("sku", sku)
                .update();
    }

    void insert(UUID tenantId, String sku, ProductRequest p, OffsetDateTime now) {
        jdbc.sql("""
                        INSERT INTO product (tenant_id, sku, name, category, price, currency, url, created_at, updated_at)
                        VALUES (:tenantId, :sku, :name, :category, :price, :currency, :url, :now, :now)
                        """)
                .param("tenantId", tenantId).param("sku", sku).param("name", p.name())
                .param("category", p.category()).param("price", p.price()).param("currency", p.currency())
                .param("url", p.url()).param("now", now)
                .update();
    }

    int archive(UUID tenantId, String sku) {
        var now = Timestamps.now();
        return jdbc.sql("""
                        UPDATE product SET archived_at = :now, updated_at = :now
                        WHERE tenant_id = :tenantId AND sku = :sku AND archived_at IS NULL
                        """)
                .param("now", now).param("tenantId", tenantId).param("sku", sku)
                .update();
    }

    Optional<Product> find(UUID tenantId, String sku) {
        return jdbc.sql(SELECT + " WHERE tenant_id = :tenantId AND sku = :sku")
                .param("tenantId", tenantId).param("sku", sku)
                .query(ProductRepository::toProduct).optional();
    }

    List<Product> findAll(UUID tenantId, Collection<String> skus) {
        return jdbc.sql(SELECT + " WHERE tenant_id = :tenantId AND sku IN (:skus)")
                .param("tenantId", tenantId).param("skus", skus)
                .query(ProductRepository::toProduct).list();
    }

    /** Keyset paging by SKU; {@code text} matches SKU or name, case-insensitively. */
    List<Product> list(UUID tenantId, String category, String text, boolean includeArchived, String after, int limit) {
        return jdbc.sql(SELECT + """
                         WHERE tenant_id = :tenantId
                          AND (CAST(:category AS VARCHAR) IS NULL OR category = :category)
                          AND (CAST(:text AS VARCHAR) IS NULL OR LOWER(sku) LIKE :text OR LOWER(name) LIKE :text)
                          AND (:includeArchived OR archived_at IS NULL)
                          AND sku > :after
                        ORDER BY sku LIMIT :limit
                        """)
                .param("tenantId", tenantId).param("category", category)
                .param("text", text == null ? null : "%" + likeEscaped(text.toLowerCase(java.util.Locale.ROOT)) + "%")
                .param("includeArchived", includeArchived).param("after", after == null ? "" : after)
                .param("limit", limit)
                .query(ProductRepository::toProduct).list();
    }

    private static String likeEscaped(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static Product toProduct(ResultSet rs, int row) throws SQLException {
        long price = rs.getLong("price");
        return new Product(rs.getString("sku"), rs.getString("name"), rs.getString("category"),
                rs.wasNull() ? null : price, rs.getString("currency"), rs.getString("url"),
                Timestamps.instant(rs, "created_at"), Timestamps.instant(rs, "updated_at"),
                Timestamps.instant(rs, "archived_at"));
    }
}
