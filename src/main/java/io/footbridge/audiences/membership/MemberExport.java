package io.footbridge.audiences.membership;

import io.footbridge.audiences.Segments;
import io.footbridge.identity.IdentityGraph;
import io.footbridge.platform.Actor;
import io.footbridge.platform.AuditLog;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.Scope;
import io.footbridge.platform.Timestamps;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A segment's members as CSV with the fields asked for, written a page at a time as it is read (a segment of a
 * million people is never held in memory). Personal fields need {@code profiles:read} on top of
 * {@code segments:read}; each export is audited with its fields and row count, never its values.
 */
@Component
class MemberExport {

    private static final int PAGE = 1000;

    private final IdentityGraph identity;
    private final JdbcClient jdbc;
    private final AuditLog audit;

    MemberExport(IdentityGraph identity, JdbcClient jdbc, AuditLog audit) {
        this.identity = identity;
        this.jdbc = jdbc;
        this.audit = audit;
    }

    /** The fields as asked for, checked now so that a problem is answered before anything is written. */
    static List<String> check(Actor actor, List<String> fields) {
        if (fields == null || fields.isEmpty()) {
            throw ProblemException.invalid("fields", "name at least one of " + String.join(", ",
                    Segments.MEMBER_FIELDS));
        }
        List<String> personal = new ArrayList<>();
        for (String field : fields) {
            if (!Segments.MEMBER_FIELDS.contains(field)) {
                throw ProblemException.invalid("fields", field + " is not a field here; known: "
                        + String.join(", ", Segments.MEMBER_FIELDS));
            }
            if (Segments.PERSONAL_FIELDS.contains(field)) {
                personal.add(field);
            }
        }
        if (fields.stream().distinct().count() < fields.size()) {
            throw ProblemException.invalid("fields", "names a field twice");
        }
        if (!personal.isEmpty() && !actor.has(Scope.PROFILES_READ)) {
            throw ProblemException.forbidden("The fields " + String.join(", ", personal)
                    + " are personal data: they need profiles:read.");
        }
        return List.copyOf(fields);
    }

    // no transaction around the stream: a slow reader must not hold a connection and a snapshot open
    void write(Actor actor, UUID segmentId, List<String> fields, Writer out) throws IOException {
        boolean needsIdentifiers = fields.contains("email") || fields.contains("phone");
        long rows = 0;
        CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(fields.toArray(String[]::new))
                .setRecordSeparator("\n").get());
        UUID after = null;
        while (true) {
            Map<UUID, Instant> page = page(segmentId, after);
            Map<UUID, Map<String, String>> traits = traits(actor.tenantId(), page.keySet());
            for (Map.Entry<UUID, Instant> member : page.entrySet()) {
                Map<String, String> values = new HashMap<>(traits.getOrDefault(member.getKey(), Map.of()));
                values.put("personId", member.getKey().toString());
                values.put("enteredAt", member.getValue().toString());
                if (needsIdentifiers) {
                    identifiers(actor.tenantId(), member.getKey(), values);
                }
                List<String> row = new ArrayList<>(fields.size());
                for (String field : fields) {
                    row.add(values.getOrDefault(field, ""));
                }
                csv.printRecord(row);
                rows++;
            }
            csv.flush();
            if (page.size() < PAGE) {
                break;
            }
            after = page.keySet().stream().reduce((a, b) -> b).orElseThrow();
        }
        audit.record(actor, "segment.members.exported", "segment", segmentId,
                Map.of("fields", String.join(",", fields), "rows", rows));
    }

    private Map<UUID, Instant> page(UUID segmentId, UUID after) {
        Map<UUID, Instant> page = new LinkedHashMap<>();
        jdbc.sql("""
                        SELECT person_id, entered_at FROM segment_member WHERE segment_id = :id
                          AND (CAST(:after AS UUID) IS NULL OR person_id > :after)
                        ORDER BY person_id LIMIT :limit
                        """)
                .param("id", segmentId).param("after", after).param("limit", PAGE)
                .query((rs, row) -> page.put(rs.getObject("person_id", UUID.class),
                        Timestamps.instant(rs, "entered_at")))
                .list();
        return page;
    }

    private Map<UUID, Map<String, String>> traits(UUID tenantId, java.util.Collection<UUID> people) {
        Map<UUID, Map<String, String>> traits = new HashMap<>();
        if (people.isEmpty()) {
            return traits;
        }
        jdbc.sql("""
                        SELECT person_id, name, trait_value FROM segment_trait
                        WHERE tenant_id = :tenantId AND person_id IN (:people)
                        """)
                .param("tenantId", tenantId).param("people", people)
                .query((rs, row) -> traits.computeIfAbsent(rs.getObject("person_id", UUID.class),
                        id -> new HashMap<>()).put(rs.getString("name"), rs.getString("trait_value")))
                .list();
        return traits;
    }

    /** The person's email and phone seen last that they have not denied. */
    private void identifiers(UUID tenantId, UUID person, Map<String, String> values) {
        Map<String, IdentityGraph.LinkedIdentifier> newest = new HashMap<>();
        for (IdentityGraph.LinkedIdentifier id : identity.identifiers(tenantId, person)) {
            String key = id.type().key();
            if (!id.denied() && (key.equals("email") || key.equals("phone"))) {
                newest.merge(key, id, (a, b) -> a.lastSeenAt().isBefore(b.lastSeenAt()) ? b : a);
            }
        }
        newest.forEach((key, id) -> values.put(key, id.value()));
    }
}
