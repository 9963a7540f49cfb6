package io.footbridge.consent.ledger;

import io.footbridge.consent.Channel;
import io.footbridge.consent.Consents;
import io.footbridge.consent.Purpose;
import io.footbridge.platform.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

@Repository
public class LedgerRepository {

    private static final TypeReference<Map<String, String>> EVIDENCE = new TypeReference<>() {
    };
    private static final String SELECT = """
            SELECT e.id, e.subject, e.channel, e.purpose, e.status, e.occurred_at, e.recorded_at, e.source,
                   e.store_id, e.touchpoint_id, e.wording_version, w.text AS wording, e.evidence
            FROM consent_entry e
            LEFT JOIN consent_wording w ON w.tenant_id = e.tenant_id AND w.version = e.wording_version
            """;

    /** A line to append. */
    record NewEntry(UUID tenantId, String subject, Channel channel, Purpose purpose, String status,
                    Instant occurredAt, Instant recordedAt, String source, UUID storeId, UUID touchpointId,
                    String wordingVersion, Map<String, String> evidence, String originKey) {
    }

    /** {@code country}: the stores' country it is meant for, null for any. */
    record Wording(String version, String country, String language, String channel, String purpose, String text,
                   Instant createdAt) {
    }

    record Confirmation(UUID id, UUID tenantId, UUID profileId, String subject, Channel channel, Purpose purpose,
                        long entryId, Instant requestedAt, Instant expiresAt, Instant confirmedAt) {
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;

    LedgerRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** The new line's id, or empty when its origin key (never null here) was recorded before. */
    Optional<Long> insert(NewEntry entry) {
        String evidence = evidence(entry.evidence());
        int inserted = jdbc.sql("""
                        INSERT INTO consent_entry (tenant_id, subject, channel, purpose, status, occurred_at,
                            recorded_at, source, store_id, touchpoint_id, wording_version, evidence, origin_key)
                        VALUES (:tenantId, :subject, :channel, :purpose, :status, :occurredAt, :recordedAt, :source,
                            :storeId, :touchpointId, :wordingVersion, :evidence, :originKey)
                        ON CONFLICT DO NOTHING
                        """)
                .param("tenantId", entry.tenantId()).param("subject", entry.subject())
                .param("channel", entry.channel().value()).param("purpose", entry.purpose().value())
                .param("status", entry.status()).param("occurredAt", Timestamps.of(entry.occurredAt()))
                .param("recordedAt", Timestamps.of(entry.recordedAt())).param("source", cut(entry.source(), 24))
                .param("storeId", entry.storeId()).param("touchpointId", entry.touchpointId())
                .param("wordingVersion", entry.wordingVersion() == null ? null : cut(entry.wordingVersion(), 64))
                .param("evidence", evidence)
                .param("originKey", cut(entry.originKey(), 200))
                .update();
        if (inserted == 0) {
            return Optional.empty();
        }
        return Optional.of(byOrigin(entry.tenantId(), entry.originKey()).orElseThrow().id());
    }

    /**
     * The proof as JSON that fits its column: values are cut before they are written (cutting the JSON would leave
     * it unreadable), and fields that still do not fit are left out, the last first.
     */
    private String evidence(Map<String, String> given) {
        if (given == null || given.isEmpty()) {
            return null;
        }
        Map<String, String> kept = new java.util.LinkedHashMap<>();
        for (var e : given.entrySet()) {
            if (kept.size() == 12 || e.getKey() == null || e.getValue() == null) {
                continue;
            }
            kept.put(cut(e.getKey(), 40), cut(e.getValue(), 300));
        }
        String text = json.writeValueAsString(kept);
        while (text.length() > 2000 && !kept.isEmpty()) {
            kept.remove(new java.util.ArrayList<>(kept.keySet()).get(kept.size() - 1));
            text = json.writeValueAsString(kept);
        }
        return kept.isEmpty() ? null : text;
    }

    /** Fits a value to its column; NUL, which PostgreSQL refuses in text, goes. */
    private static String cut(String value, int max) {
        if (value == null) {
            return null;
        }
        String clean = value.indexOf('\u0000') >= 0 ? value.replace("\u0000", "") : value;
        return clean.length() <= max ? clean : clean.substring(0, max);
    }

    public Optional<Entry> byOrigin(UUID tenantId, String originKey) {
        return jdbc.sql(SELECT + " WHERE e.tenant_id = :tenantId AND e.origin_key = :originKey")
                .param("tenantId", tenantId).param("originKey", cut(originKey, 200)).query(this::entry).optional();
    }

    Optional<Entry> byId(UUID tenantId, long id) {
        return jdbc.sql(SELECT + " WHERE e.tenant_id = :tenantId AND e.id = :id")
                .param("tenantId", tenantId).param("id", id).query(this::entry).optional();
    }

    /**
     * The newest line about these subjects for one channel and purpose: the permission as it stands. Read on every
     * send, so without the wording's text.
     */
    public Optional<Entry> latest(UUID tenantId, Collection<String> subjects, Channel channel, Purpose purpose) {
        return jdbc.sql("""
                        SELECT e.id, e.subject, e.channel, e.purpose, e.status, e.occurred_at, e.recorded_at, e.source,
                               e.store_id, e.touchpoint_id, e.wording_version, NULL AS wording, e.evidence
                        FROM consent_entry e
                        WHERE e.subject IN (:subjects) AND e.tenant_id = :tenantId AND e.channel = :channel
                          AND e.purpose = :purpose
                        ORDER BY e.occurred_at DESC, e.id DESC
                        FETCH FIRST 1 ROWS ONLY
                        """)
                .param("tenantId", tenantId).param("subjects", subjects).param("channel", channel.value())
                .param("purpose", purpose.value())
                .query(this::entry).optional();
    }

    /** The newest line of a subject for a permission, as {@link #latest} orders lines. */
    record Newest(String status, Instant occurredAt, long id) {

        Newest newer(Newest other) {
            int c = occurredAt.compareTo(other.occurredAt);
            return c > 0 || (c == 0 && id > other.id) ? this : other;
        }
    }

    /** Per subject and permission, its newest line; in chunks, as an IN list has its limits. */
    Map<String, Map<Consents.Permission, Newest>> newest(UUID tenantId, Collection<String> subjects,
                                                          Collection<Consents.Permission> permissions) {
        Map<String, Map<Consents.Permission, Newest>> newest = new java.util.HashMap<>();
        if (subjects.isEmpty() || permissions.isEmpty()) {
            return newest;
        }
        Set<Consents.Permission> wanted = new java.util.HashSet<>(permissions);
        List<String> channels = wanted.stream().map(p -> p.channel().value()).distinct().toList();
        List<String> purposes = wanted.stream().map(p -> p.purpose().value()).distinct().toList();
        List<String> all = new java.util.ArrayList<>(subjects);
        for (int start = 0; start < all.size(); start += 1000) {
            jdbc.sql("""
                            SELECT e.subject, e.channel, e.purpose, e.status, e.occurred_at, e.id FROM consent_entry e
                            WHERE e.subject IN (:subjects) AND e.tenant_id = :tenantId AND e.channel IN (:channels)
                              AND e.purpose IN (:purposes)
                            """)
                    .param("subjects", all.subList(start, Math.min(all.size(), start + 1000)))
                    .param("tenantId", tenantId).param("channels", channels).param("purposes", purposes)
                    .query((rs, n) -> {
                        Consents.Permission permission = new Consents.Permission(
                                Channel.of(rs.getString("channel")).orElseThrow(),
                                Purpose.of(rs.getString("purpose")).orElseThrow());
                        if (wanted.contains(permission)) {
                            Newest line = new Newest(rs.getString("status"), Timestamps.instant(rs, "occurred_at"),
                                    rs.getLong("id"));
                            newest.computeIfAbsent(rs.getString("subject"), s -> new java.util.HashMap<>())
                                    .merge(permission, line, Newest::newer);
                        }
                        return null;
                    })
                    .list();
        }
        return newest;
    }

    /** Every line about these subjects, newest first. */
    public List<Entry> history(UUID tenantId, Collection<String> subjects, int limit) {
        return jdbc.sql(SELECT + """
                         WHERE e.subject IN (:subjects) AND e.tenant_id = :tenantId
                         ORDER BY e.occurred_at DESC, e.id DESC
                         FETCH FIRST :limit ROWS ONLY
                        """)
                .param("tenantId", tenantId).param("subjects", subjects).param("limit", limit)
                .query(this::entry).list();
    }

    /**
     * Erasure: the lines stay (opt-in rates stay true) but no longer say whose they were or from which device;
     * subject becomes the keyed digest of what it was.
     */
    public int anonymise(UUID tenantId, String subject, String digest) {
        return jdbc.sql("""
                        UPDATE consent_entry SET subject = :digest, evidence = NULL
                        WHERE tenant_id = :tenantId AND subject = :subject
                        """)
                .param("digest", "erased:" + digest).param("tenantId", tenantId).param("subject", subject).update();
    }

    boolean insertWording(UUID tenantId, Wording wording) {
        return jdbc.sql("""
                        INSERT INTO consent_wording (tenant_id, version, country, language, channel, purpose, text,
                                                     created_at)
                        VALUES (:tenantId, :version, :country, :language, :channel, :purpose, :text, :createdAt)
                        ON CONFLICT DO NOTHING
                        """)
                .param("tenantId", tenantId).param("version", wording.version()).param("country", wording.country())
                .param("language", wording.language())
                .param("channel", wording.channel()).param("purpose", wording.purpose()).param("text", wording.text())
                .param("createdAt", Timestamps.of(wording.createdAt()))
                .update() == 1;
    }

    Optional<Wording> wording(UUID tenantId, String version) {
        return jdbc.sql("""
                        SELECT version, country, language, channel, purpose, text, created_at FROM consent_wording
                        WHERE tenant_id = :tenantId AND version = :version
                        """)
                .param("tenantId", tenantId).param("version", version).query(LedgerRepository::wording).optional();
    }

    List<Wording> wordings(UUID tenantId) {
        return wordings(tenantId, Integer.MAX_VALUE, 0);
    }

    List<Wording> wordings(UUID tenantId, int limit, int offset) {
        return jdbc.sql("""
                        SELECT version, country, language, channel, purpose, text, created_at FROM consent_wording
                        WHERE tenant_id = :tenantId ORDER BY created_at DESC, version
                        LIMIT :limit OFFSET :offset
                        """)
                .param("tenantId", tenantId).param("limit", limit).param("offset", offset)
                .query(LedgerRepository::wording).list();
    }

    public Policy policy(UUID tenantId) {
        return jdbc.sql("""
                        SELECT double_opt_in_email, quiet_start, quiet_end, time_zone, cap_messages, cap_days
                        FROM consent_policy WHERE tenant_id = :tenantId
                        """)
                .param("tenantId", tenantId)
                .query((rs, n) -> new Policy(rs.getBoolean(1), time(rs.getString(2)), time(rs.getString(3)),
                        ZoneId.of(rs.getString(4)), (Integer) rs.getObject(5, Integer.class),
                        (Integer) rs.getObject(6, Integer.class)))
                .optional().orElse(Policy.DEFAULT);
    }

    void savePolicy(UUID tenantId, Policy policy) {
        int updated = jdbc.sql("""
                        UPDATE consent_policy SET double_opt_in_email = :doi, quiet_start = :quietStart,
                               quiet_end = :quietEnd, time_zone = :zone, cap_messages = :capMessages,
                               cap_days = :capDays, updated_at = :now
                        WHERE tenant_id = :tenantId
                        """)
                .params(policyParams(tenantId, policy)).update();
        if (updated == 0) {
            jdbc.sql("""
                            INSERT INTO consent_policy (tenant_id, double_opt_in_email, quiet_start, quiet_end,
                                time_zone, cap_messages, cap_days, updated_at)
                            VALUES (:tenantId, :doi, :quietStart, :quietEnd, :zone, :capMessages, :capDays, :now)
                            """)
                    .params(policyParams(tenantId, policy)).update();
        }
    }

    private static Map<String, Object> policyParams(UUID tenantId, Policy policy) {
        var params = new java.util.HashMap<String, Object>();
        params.put("tenantId", tenantId);
        params.put("doi", policy.doubleOptInEmail());
        params.put("quietStart", policy.quietStart() == null ? null : policy.quietStart().toString());
        params.put("quietEnd", policy.quietEnd() == null ? null : policy.quietEnd().toString());
        params.put("zone", policy.timeZone().getId());
        params.put("capMessages", policy.capMessages());
        params.put("capDays", policy.capDays());
        params.put("now", Timestamps.now());
        return params;
    }

    void insertConfirmation(Confirmation c) {
        jdbc.sql("""
                        INSERT INTO consent_confirmation (id, tenant_id, profile_id, subject, channel, purpose, entry_id,
                            requested_at, expires_at)
                        VALUES (:id, :tenantId, :profileId, :subject, :channel, :purpose, :entryId, :requestedAt,
                            :expiresAt)
                        """)
                .param("id", c.id()).param("tenantId", c.tenantId()).param("profileId", c.profileId())
                .param("subject", c.subject()).param("channel", c.channel().value())
                .param("purpose", c.purpose().value()).param("entryId", c.entryId())
                .param("requestedAt", Timestamps.of(c.requestedAt())).param("expiresAt", Timestamps.of(c.expiresAt()))
                .update();
    }

    Optional<Confirmation> confirmation(UUID tenantId, UUID id) {
        return jdbc.sql("""
                        SELECT id, tenant_id, profile_id, subject, channel, purpose, entry_id, requested_at,
                               expires_at, confirmed_at
                        FROM consent_confirmation WHERE id = :id AND tenant_id = :tenantId
                        """)
                .param("id", id).param("tenantId", tenantId)
                .query((rs, n) -> new Confirmation(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getObject(3, UUID.class), rs.getString(4), Channel.of(rs.getString(5)).orElseThrow(),
                        Purpose.of(rs.getString(6)).orElseThrow(), rs.getLong(7), Timestamps.instant(rs, "requested_at"),
                        Timestamps.instant(rs, "expires_at"), Timestamps.instant(rs, "confirmed_at")))
                .optional();
    }

    /** False when it was confirmed already (a second click, a second node). */
    boolean confirm(UUID tenantId, UUID id, Instant now) {
        return jdbc.sql("""
                        UPDATE consent_confirmation SET confirmed_at = :now
                        WHERE id = :id AND tenant_id = :tenantId AND confirmed_at IS NULL
                        """)
                .param("now", Timestamps.of(now)).param("id", id).param("tenantId", tenantId).update() == 1;
    }

    public int forgetConfirmations(UUID tenantId, String subject) {
        return jdbc.sql("DELETE FROM consent_confirmation WHERE tenant_id = :tenantId AND subject = :subject")
                .param("tenantId", tenantId).param("subject", subject).update();
    }

    private Entry entry(ResultSet rs, int n) throws SQLException {
        String evidence = rs.getString("evidence");
        return new Entry(rs.getLong("id"), rs.getString("subject"), Channel.of(rs.getString("channel")).orElseThrow(),
                Purpose.of(rs.getString("purpose")).orElseThrow(), rs.getString("status"),
                Timestamps.instant(rs, "occurred_at"), Timestamps.instant(rs, "recorded_at"), rs.getString("source"),
                rs.getObject("store_id", UUID.class), rs.getObject("touchpoint_id", UUID.class),
                rs.getString("wording_version"), rs.getString("wording"),
                evidence == null ? Map.of() : json.readValue(evidence, EVIDENCE));
    }

    private static Wording wording(ResultSet rs, int n) throws SQLException {
        return new Wording(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), Timestamps.instant(rs, "created_at"));
    }

    private static LocalTime time(String value) {
        return value == null ? null : LocalTime.parse(value);
    }
}
