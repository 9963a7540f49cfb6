package io.footbridge.capture.event;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.DialectId;
import io.footbridge.platform.FieldError;
import com.networknt.schema.SpecificationVersion;
import io.footbridge.platform.Actor;
import io.footbridge.platform.AuditLog;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Tenant-defined event types and their JSON Schemas. Compiled schemas are cached per node for a short while, so a
 * change reaches other nodes within {@link #CACHE_TTL}.
 */
@Service
class CustomEventTypes {

    /** schema_json's width in characters. */
    static final int MAX_SCHEMA_LENGTH = 65_536;

    static final Duration CACHE_TTL = Duration.ofSeconds(30);

    private record Key(UUID tenantId, String name) {
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final AuditLog audit;
    /** Each tenant pattern gets this long per value before the value counts as failing it. */
    static final Duration PATTERN_BUDGET = Duration.ofMillis(50);
    /** All the patterns of one request together get this long; the values after it count as failing. */
    static final Duration REQUEST_PATTERN_BUDGET = Duration.ofSeconds(1);

    private final BoundedRegularExpressions patterns = new BoundedRegularExpressions(PATTERN_BUDGET,
            REQUEST_PATTERN_BUDGET);
    private final SchemaRegistry schemas = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder()
                    .regularExpressionFactory(patterns).build()));
    /** The 2020-12 meta-schema, bundled with the validator, so that {@code {"type": 5}} is refused up front. */
    private final Schema metaSchema = schemas.getSchema(SchemaLocation.of(DialectId.DRAFT_2020_12));
    private final Cache<Key, Optional<EventTypeSpec>> cache = Caffeine.newBuilder()
            .expireAfterWrite(CACHE_TTL).maximumSize(10_000).build();

    CustomEventTypes(JdbcClient jdbc, JsonMapper json, AuditLog audit) {
        this.jdbc = jdbc;
        this.json = json;
        this.audit = audit;
    }

    Optional<EventTypeSpec> find(UUID tenantId, String name) {
        return cache.get(new Key(tenantId, name), key -> load(tenantId, name));
    }

    List<EventTypeSpec> list(UUID tenantId) {
        return jdbc.sql("""
                        SELECT name, description, schema_json, requires_store FROM custom_event_type
                        WHERE tenant_id = :tenantId ORDER BY name
                        """)
                .param("tenantId", tenantId)
                .query((rs, n) -> toSpec(rs.getString("name"), rs.getString("description"),
                        rs.getString("schema_json"), rs.getBoolean("requires_store")))
                .list();
    }

    @Transactional
    EventTypeSpec save(Actor actor, String name, String description, boolean requiresStore, JsonNode schema) {
        if (EventCatalogue.builtIn(name).isPresent()) {
            throw ProblemException.invalid("name", "is a built-in event type");
        }
        String schemaJson = json.writeValueAsString(schema);
        if (schemaJson.length() > MAX_SCHEMA_LENGTH) {
            // the column's size: refused here, by field, rather than by the database
            throw ProblemException.invalid("schema", "must be at most " + MAX_SCHEMA_LENGTH + " characters as JSON");
        }
        EventTypeSpec spec = compile(name, description, requiresStore, schemaJson);
        var now = Timestamps.now();
        int updated = jdbc.sql("""
                        UPDATE custom_event_type SET description = :description, schema_json = :schema,
                               requires_store = :requiresStore, updated_at = :now
                        WHERE tenant_id = :tenantId AND name = :name
                        """)
                .param("description", description).param("schema", schemaJson).param("requiresStore", requiresStore)
                .param("now", now).param("tenantId", actor.tenantId()).param("name", name)
                .update();
        if (updated == 0) {
            jdbc.sql("""
                            INSERT INTO custom_event_type (tenant_id, name, description, schema_json, requires_store,
                                                           created_at, updated_at)
                            VALUES (:tenantId, :name, :description, :schema, :requiresStore, :now, :now)
                            """)
                    .param("tenantId", actor.tenantId()).param("name", name).param("description", description)
                    .param("schema", schemaJson).param("requiresStore", requiresStore).param("now", now)
                    .update();
        }
        cache.invalidate(new Key(actor.tenantId(), name));
        audit.record(actor, updated == 0 ? "event_type.created" : "event_type.updated", "event_type", name, Map.of());
        return spec;
    }

    @Transactional
    void delete(Actor actor, String name) {
        int deleted = jdbc.sql("DELETE FROM custom_event_type WHERE tenant_id = :tenantId AND name = :name")
                .param("tenantId", actor.tenantId()).param("name", name).update();
        if (deleted == 0) {
            throw ProblemException.notFound("event type", name);
        }
        cache.invalidate(new Key(actor.tenantId(), name));
        audit.record(actor, "event_type.deleted", "event_type", name, Map.of());
    }

    private Optional<EventTypeSpec> load(UUID tenantId, String name) {
        return jdbc.sql("""
                        SELECT description, schema_json, requires_store FROM custom_event_type
                        WHERE tenant_id = :tenantId AND name = :name
                        """)
                .param("tenantId", tenantId).param("name", name)
                .query((rs, n) -> toSpec(name, rs.getString("description"), rs.getString("schema_json"),
                        rs.getBoolean("requires_store")))
                .optional();
    }

    private EventTypeSpec toSpec(String name, String description, String schemaJson, boolean requiresStore) {
        return compile(name, description, requiresStore, schemaJson);
    }

    /** Opens one request's time for schema patterns on this thread; close it when the request's events are checked. */
    BoundedRegularExpressions.Budget patternBudget() {
        return patterns.budget();
    }

    /** Refuses schemas that would make the server fetch anything: only local {@code #...} references. */
    private EventTypeSpec compile(String name, String description, boolean requiresStore, String schemaJson) {
        JsonNode node = json.readTree(schemaJson);
        if (!node.isObject()) {
            throw ProblemException.invalid("schema", "must be a JSON Schema object");
        }
        if (hasRemoteRef(node)) {
            throw ProblemException.invalid("schema", "may only use local $ref values starting with #");
        }
        java.util.Set<FieldError> metaErrors = new java.util.LinkedHashSet<>();
        try {
            metaSchema.validate(node).forEach(error -> metaErrors.add(new FieldError("schema"
                    + error.getInstanceLocation().toString().replaceFirst("^\\$", "").replace('/', '.'),
                    error.getMessage())));
        } catch (BoundedRegularExpressions.TooSlow tooSlow) {
            metaErrors.add(new FieldError("schema", "is too complex to check"));
        }
        if (!metaErrors.isEmpty()) {
            throw ProblemException.invalid(List.copyOf(metaErrors));
        }
        Schema schema;
        try {
            schema = schemas.getSchema(node);
            schema.initializeValidators();
        } catch (RuntimeException invalid) {
            throw ProblemException.invalid("schema", "is not a valid JSON Schema: " + invalid.getMessage());
        }
        return new EventTypeSpec(name, description, requiresStore, Set.of(), List.of(), schema, schemaJson);
    }

    private static boolean hasRemoteRef(JsonNode node) {
        if (node.isObject()) {
            for (var entry : node.properties()) {
                if (entry.getKey().equals("$ref") || entry.getKey().equals("$dynamicRef")) {
                    if (!entry.getValue().isString() || !entry.getValue().asString().startsWith("#")) {
                        return true;
                    }
                }
                if (hasRemoteRef(entry.getValue())) {
                    return true;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                if (hasRemoteRef(element)) {
                    return true;
                }
            }
        }
        return false;
    }
}
