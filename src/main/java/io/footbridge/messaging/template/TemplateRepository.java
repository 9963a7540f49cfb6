package io.footbridge.messaging.template;

import io.footbridge.consent.Channel;
import io.footbridge.platform.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@Repository
class TemplateRepository {

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };
    private static final String SELECT = """
            SELECT template_key, channel, language, subject, body_html, body_text, whatsapp_name, whatsapp_language,
                   whatsapp_parameters, updated_at
            FROM message_template
            """;

    private final JdbcClient jdbc;
    private final JsonMapper json;

    TemplateRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    Optional<Template> find(UUID tenantId, String key, Channel channel, String language) {
        return jdbc.sql(SELECT + """
                         WHERE tenant_id = :tenantId AND template_key = :key AND channel = :channel
                           AND language = :language
                        """)
                .param("tenantId", tenantId).param("key", key).param("channel", channel.value())
                .param("language", language)
                .query(this::template).optional();
    }

    List<Template> list(UUID tenantId) {
        return jdbc.sql(SELECT + " WHERE tenant_id = :tenantId ORDER BY template_key, channel, language")
                .param("tenantId", tenantId).query(this::template).list();
    }

    List<String> languages(UUID tenantId, String key, Channel channel) {
        return jdbc.sql("""
                        SELECT language FROM message_template
                        WHERE tenant_id = :tenantId AND template_key = :key AND channel = :channel ORDER BY language
                        """)
                .param("tenantId", tenantId).param("key", key).param("channel", channel.value())
                .query(String.class).list();
    }

    void save(UUID tenantId, Template t, String by) {
        var params = new java.util.HashMap<String, Object>();
        params.put("tenantId", tenantId);
        params.put("key", t.key());
        params.put("channel", t.channel().value());
        params.put("language", t.language());
        params.put("subject", t.subject());
        params.put("html", t.html());
        params.put("text", t.text());
        params.put("waName", t.whatsappName());
        params.put("waLanguage", t.whatsappLanguage());
        params.put("waParameters", t.whatsappParameters() == null ? null : json.writeValueAsString(t.whatsappParameters()));
        params.put("now", Timestamps.of(t.updatedAt()));
        params.put("by", by);
        int updated = jdbc.sql("""
                        UPDATE message_template SET subject = :subject, body_html = :html, body_text = :text,
                               whatsapp_name = :waName, whatsapp_language = :waLanguage,
                               whatsapp_parameters = :waParameters, updated_at = :now, updated_by = :by
                        WHERE tenant_id = :tenantId AND template_key = :key AND channel = :channel
                          AND language = :language
                        """)
                .params(params).update();
        if (updated == 0) {
            jdbc.sql("""
                            INSERT INTO message_template (tenant_id, template_key, channel, language, subject, body_html,
                                body_text, whatsapp_name, whatsapp_language, whatsapp_parameters, updated_at, updated_by)
                            VALUES (:tenantId, :key, :channel, :language, :subject, :html, :text, :waName,
                                :waLanguage, :waParameters, :now, :by)
                            """)
                    .params(params).update();
        }
    }

    int delete(UUID tenantId, String key, Channel channel, String language) {
        return jdbc.sql("""
                        DELETE FROM message_template
                        WHERE tenant_id = :tenantId AND template_key = :key
                          AND (CAST(:channel AS VARCHAR) IS NULL OR channel = :channel)
                          AND (CAST(:language AS VARCHAR) IS NULL OR language = :language)
                        """)
                .param("tenantId", tenantId).param("key", key)
                .param("channel", channel == null ? null : channel.value()).param("language", language)
                .update();
    }

    private Template template(ResultSet rs, int n) throws SQLException {
        String parameters = rs.getString("whatsapp_parameters");
        return new Template(rs.getString("template_key"), Channel.of(rs.getString("channel")).orElseThrow(),
                rs.getString("language"), rs.getString("subject"), rs.getString("body_html"),
                rs.getString("body_text"), rs.getString("whatsapp_name"), rs.getString("whatsapp_language"),
                parameters == null ? null : json.readValue(parameters, STRINGS), false,
                Timestamps.instant(rs, "updated_at"));
    }
}
