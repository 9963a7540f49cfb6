package io.footbridge.consent;

import io.footbridge.ApiClient;
import io.footbridge.ApiTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class CustomerRightsTests extends ApiTest {

    @Autowired
    private ConsentGate gate;
    private TestTenant tenant;
    private ApiClient till;
    private ApiClient events;
    private String email;
    private String device;

    @BeforeEach
    void aPersonWithAHistory() throws Exception {
        tenant = newTenant();
        tenant.createStore("BER-1");
        till = anonymous.bearer(tenant.createKey("till", "BER-1", "pos"));
        events = anonymous.bearer(tenant.createKey("events", null, "events:write"));
        email = "lena." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        sale("T-" + UUID.randomUUID(), 2599);
        device = "dev-" + UUID.randomUUID();
        event("loyalty.signup", Map.of("email", email, "deviceId", device),
                Map.of("firstName", "Lena", "lastName", "Fischer", "street", "Torstraße 1", "postcode", "10119"));
        awaitResolved(tenant.id());
        awaitLedger(profile());
        // the Wi-Fi portal remembers the device it signed in from
        jdbc.sql("INSERT INTO wifi_device (tenant_id, device, last_login_at, expires_at) VALUES (:t, :d, :now, :later)")
                .param("t", tenant.id()).param("d", device).param("now", java.time.OffsetDateTime.now())
                .param("later", java.time.OffsetDateTime.now().plusDays(30)).update();
        var sent = tenant.admin().post("/api/v1/messages", Map.of("profileId", profile(), "channel", "email",
                "purpose", "marketing", "template", "consent.confirm", "variables",
                Map.of("confirmUrl", "https://example.com/x")));
        assertThat(sent.status()).as(sent.toString()).isEqualTo(202);
    }

    @Test
    void theExportHoldsWhatEveryModuleKnowsAsJsonAndAsAReadablePage() {
        String id = profile();
        var export = tenant.admin().get("/api/v1/profiles/" + id + "/export");
        var html = tenant.admin().get("/api/v1/profiles/" + id + "/export?format=html");

        assertThat(export.status()).as(export.toString()).isEqualTo(200);
        assertThat(export.header("Content-Disposition")).contains("attachment");
        JsonNode data = export.json().get("data");
        assertThat(data.get("identity").get("identifiers").toString()).contains(email);
        assertThat(data.get("identity").get("traits").get(0).get("lastName").asString()).isEqualToIgnoringCase("Fischer");
        assertThat(data.get("capture").get("events")).hasSize(2);
        assertThat(data.get("capture").get("sales").get(0).get("total").asLong()).isEqualTo(2599);
        assertThat(data.get("hosted").get("wifiDevices").get(0).get("device").asString()).isEqualTo(device);
        assertThat(data.get("consents").get("ledger").get(0).get("status").asString()).isEqualTo("granted");
        assertThat(data.get("messages").get(0).get("subject").asString()).startsWith("Please confirm");
        assertThat(html.status()).isEqualTo(200);
        assertThat(html.contentType()).startsWith("text/html");
        assertThat(html.raw().body()).contains("What you allowed", "Torstraße 1", email)
                .doesNotContain("<script");
        assertThat(tenant.admin().get("/api/v1/audit-log?action=profile.exported").json().get("items")).as("each export is audited").hasSize(2);
    }

    @Test
    void erasureRemovesThePersonEverywhereKeepsTheFiguresAndCannotBeUndoneByANewEvent() throws Exception {
        String id = profile();
        long purchasesBefore = count("SELECT COUNT(*) FROM capture_event WHERE tenant_id = :t AND type = 'pos.purchase'");

        var erased = tenant.admin().delete("/api/v1/profiles/" + id);

        assertThat(erased.status()).as(erased.toString()).isEqualTo(200);
        assertThat(erased.json().get("events").asInt()).isEqualTo(2);
        assertThat(tenant.admin().get("/api/v1/profiles/" + id).status()).isEqualTo(404);
        assertThat(tenant.admin().get("/api/v1/profiles?email=" + enc(email)).json().get("items")).isEmpty();
        assertThat(count("SELECT COUNT(*) FROM capture_event WHERE tenant_id = :t AND (identifiers IS NOT NULL"
                + " OR properties LIKE '%Fischer%' OR properties LIKE '%Torstra%')")).isZero();
        assertThat(count("SELECT COUNT(*) FROM capture_event WHERE tenant_id = :t AND type = 'pos.purchase'"))
                .as("the sale still counts").isEqualTo(purchasesBefore);
        assertThat(count("SELECT COUNT(*) FROM pos_transaction WHERE tenant_id = :t AND customer IS NOT NULL")).isZero();
        assertThat(count("SELECT COUNT(*) FROM profile_identifier WHERE tenant_id = :t")).isZero();
        assertThat(count("SELECT COUNT(*) FROM wifi_device WHERE tenant_id = :t")).as("the portal forgets the device")
                .isZero();
        assertThat(count("SELECT COUNT(*) FROM consent_entry WHERE tenant_id = :t AND subject NOT LIKE 'erased:%'")).isZero();
        assertThat(count("SELECT COUNT(*) FROM consent_entry WHERE tenant_id = :t")).as("opt-ins still count").isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM message WHERE tenant_id = :t AND (to_address IS NOT NULL OR body_html IS NOT NULL)")).isZero();
        JsonNode audit = tenant.admin().get("/api/v1/audit-log?action=profile.erased").json().get("items").get(0);
        assertThat(audit.get("details").get("identifiers").asInt()).isEqualTo(3);
        assertThat(audit.toString()).doesNotContain(email);

        // the same person turns up in an old customer file: not linked, not remembered, not contacted
        event("customer.imported", Map.of("email", email.toUpperCase()), Map.of("recordId", "crm-1",
                "firstName", "Lena", "consents", List.of(Map.of("channel", "email", "purpose", "marketing",
                        "granted", true))));
        awaitResolved(tenant.id());
        Thread.sleep(500);
        assertThat(tenant.admin().get("/api/v1/profiles?email=" + enc(email)).json().get("items")).isEmpty();
        assertThat(count("SELECT COUNT(*) FROM capture_event WHERE tenant_id = :t AND properties LIKE '%Lena%'")).isZero();
        assertThat(count("SELECT COUNT(*) FROM consent_entry WHERE tenant_id = :t")).isEqualTo(1);
        var decision = gate.check(new ConsentGate.Ask(tenant.id(), null, Channel.EMAIL, Purpose.SERVICE, email, null,
                Instant.now()));
        assertThat(decision.reason()).isEqualTo(ConsentGate.Reason.ERASED);
        var blocked = tenant.admin().post("/api/v1/messages", Map.of("to", email, "channel", "email",
                "purpose", "service", "template", "consent.confirm", "variables", Map.of("confirmUrl", "https://x.io")));
        assertThat(blocked.json().get("reason").asString()).isEqualTo("erased");
    }

    @Test
    void onlyTenantWideCredentialsMayEraseAndOthersSeeNothing() {
        String id = profile();
        var storeBound = anonymous.bearer(tenant.createKey("store", "BER-1", "profiles:write", "profiles:read"));
        var readOnly = anonymous.bearer(tenant.createKey("reader", null, "profiles:read"));
        var other = newTenant();

        assertThat(storeBound.delete("/api/v1/profiles/" + id).status()).isEqualTo(403);
        assertThat(readOnly.delete("/api/v1/profiles/" + id).status()).isEqualTo(403);
        assertThat(other.admin().delete("/api/v1/profiles/" + id).status()).isEqualTo(404);
        assertThat(other.admin().get("/api/v1/profiles/" + id + "/export").status()).isEqualTo(404);
        assertThat(tenant.admin().delete("/api/v1/profiles/" + UUID.randomUUID()).status()).isEqualTo(404);
        assertThat(tenant.admin().get("/api/v1/profiles/" + id + "/export?format=pdf").errorFields())
                .containsExactly("format");
        assertThat(tenant.admin().get("/api/v1/profiles/" + id).status()).isEqualTo(200);
    }

    private String profile() {
        JsonNode found = tenant.admin().get("/api/v1/profiles?email=" + enc(email)).json().get("items");
        assertThat(found).hasSize(1);
        return found.get(0).get("id").asString();
    }

    private void awaitLedger(String profileId) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            if (tenant.admin().get("/api/v1/profiles/" + profileId + "/consents").json().get("history").size() > 0) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the sale's consent did not reach the ledger");
    }

    private void sale(String transactionId, long total) {
        Map<String, Object> sale = new HashMap<>();
        sale.put("transactionId", transactionId);
        sale.put("store", "BER-1");
        sale.put("occurredAt", Instant.now().minusSeconds(120).toString());
        sale.put("currency", "EUR");
        sale.put("lines", List.of(Map.of("sku", "SKU-1", "quantity", 1, "unitPrice", total)));
        sale.put("total", total);
        sale.put("customer", Map.of("email", email, "phone", "+4915112345670"));
        sale.put("consents", List.of(Map.of("channel", "email", "purpose", "marketing", "granted", true)));
        var response = till.post("/api/v1/transactions", sale);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
    }

    private void event(String type, Map<String, String> identifiers, Map<String, Object> properties) {
        var response = events.post("/api/v1/events", Map.of("eventId", "e-" + UUID.randomUUID(), "type", type,
                "occurredAt", Instant.now().minusSeconds(60).toString(), "identifiers", identifiers,
                "properties", properties));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
    }

    private long count(String sql) {
        return jdbc.sql(sql).param("t", tenant.id()).query(Long.class).single();
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
