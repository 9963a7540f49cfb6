package io.footbridge.platform;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The tenant's record of administrative changes: who, what, when and from where. Written in the caller's
 * transaction, so a change and its audit entry land together or not at all. Secrets never go in {@code details}.
 */
@Service
public class AuditLog {

    private static final int MAX_DETAILS = 4000;

    private final JdbcClient jdbc;
    private final JsonMapper json;

    AuditLog(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public record Entry(long id, UUID tenantId, Instant occurredAt, String actorType, String actorId,
                        String actorLabel, String action, String targetType, String targetId,
                        Map<String, Object> details, String ip, String userAgent) {
    }

    public void record(Actor actor, String action, String targetType, Object targetId, Map<String, ?> details) {
        record(actor.tenantId(), actor, action, targetType, targetId, details);
    }

    /**
     * Records in another tenant's log, for installation-wide actions such as creating a tenant. There the actor is
     * named only as the installation, never by their e-mail, id or address: those are their own tenant's; that
     * tenant's log keeps them.
     */
    public void record(UUID tenantId, Actor actor, String action, String targetType, Object targetId,
                       Map<String, ?> details) {
        boolean foreign = actor != null && !tenantId.equals(actor.tenantId());
        HttpServletRequest request = foreign ? null : currentRequest();
        String detailsJson = details.isEmpty() ? null : json.writeValueAsString(details);
        if (detailsJson != null && detailsJson.length() > MAX_DETAILS) {
            detailsJson = "{\"truncated\":true}";
        }
        jdbc.sql("""
                        INSERT INTO audit_log (tenant_id, occurred_at, actor_type, actor_id, actor_label, action,
                                               target_type, target_id, details, ip, user_agent)
                        VALUES (:tenantId, :occurredAt, :actorType, :actorId, :actorLabel, :action,
                                :targetType, :targetId, :details, :ip, :userAgent)
                        """)
                .param("tenantId", tenantId)
                .param("occurredAt", Timestamps.now())
                .param("actorType", actor == null ? "SYSTEM" : actor.kind().name())
                .param("actorId", actor == null || actor.id() == null || foreign ? null : actor.id().toString())
                .param("actorLabel", actor == null ? "system" : foreign ? "installation admin"
                        : truncate(actor.label(), 254))
                .param("action", action)
                .param("targetType", targetType)
                .param("targetId", targetId == null ? null : targetId.toString())
                .param("details", detailsJson)
                .param("ip", request == null ? null : truncate(request.getRemoteAddr(), 64))
                .param("userAgent", request == null ? null : truncate(request.getHeader("User-Agent"), 300))
                .update();
    }

    /** Newest first; {@code beforeId} pages backwards through the log. */
    public List<Entry> find(UUID tenantId, String action, String targetId, Instant from, Instant to, Long beforeId,
                            int limit) {
        return find(tenantId, null, action, targetId, from, to, beforeId, limit);
    }

    /** The same, of one actor only: {@code actor} is the start of their label (a staff member's e-mail, a key's name). */
    public List<Entry> find(UUID tenantId, String actor, String action, String targetId, Instant from, Instant to,
                            Long beforeId, int limit) {
        String actorPrefix = actor == null || actor.isBlank() ? null
                : actor.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        return jdbc.sql("""
                        SELECT id, tenant_id, occurred_at, actor_type, actor_id, actor_label, action, target_type,
                               target_id, details, ip, user_agent
                        FROM audit_log
                        WHERE tenant_id = :tenantId
                          AND (CAST(:actor AS VARCHAR) IS NULL OR actor_label LIKE :actor ESCAPE '\\')
                          AND (CAST(:action AS VARCHAR) IS NULL OR action = :action)
                          AND (CAST(:targetId AS VARCHAR) IS NULL OR target_id = :targetId)
                          AND (CAST(:from AS TIMESTAMP WITH TIME ZONE) IS NULL OR occurred_at >= :from)
                          AND (CAST(:to AS TIMESTAMP WITH TIME ZONE) IS NULL OR occurred_at < :to)
                          AND (CAST(:beforeId AS BIGINT) IS NULL OR id < :beforeId)
                        ORDER BY id DESC
                        FETCH FIRST :limit ROWS ONLY
                        """)
                .param("tenantId", tenantId)
                .param("actor", actorPrefix)
                .param("action", action)
                .param("targetId", targetId)
                .param("from", Timestamps.of(from))
                .param("to", Timestamps.of(to))
                .param("beforeId", beforeId)
                .param("limit", limit)
                .query((rs, n) -> new Entry(rs.getLong("id"), rs.getObject("tenant_id", UUID.class),
                        Timestamps.instant(rs, "occurred_at"), rs.getString("actor_type"), rs.getString("actor_id"),
                        rs.getString("actor_label"), rs.getString("action"), rs.getString("target_type"),
                        rs.getString("target_id"), parse(rs.getString("details")), rs.getString("ip"),
                        rs.getString("user_agent")))
                .list();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> parse(String details) {
        return details == null ? Map.of() : json.readValue(details, Map.class);
    }

    private static HttpServletRequest currentRequest() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                ? attributes.getRequest() : null;
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
