package io.footbridge.console;

import io.footbridge.ApiTest;
import io.footbridge.FakeProviders;
import io.footbridge.InboundSms;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The service inbox and complaint cases in the console: read and answer, move on, give to someone, note. */
class ServicePagesTests extends ApiTest {

    private TestTenant tenant;
    private ConsoleClient console;

    @BeforeEach
    void signedIn() {
        tenant = newTenant();
        tenant.createStore("BER-1");
        tenant.createStore("HAM-1");
        console = new ConsoleClient(port);
        assertThat(console.login(tenant.adminEmail(), PASSWORD).statusCode()).isEqualTo(302);
    }

    @Test
    void aCustomersTextIsReadAndAnsweredOnceFromTheInbox() throws InterruptedException {
        String phone = InboundSms.phone();
        new InboundSms(port, anonymous, installer, tenant.id()).receive(phone, "Is the blue one in M still there?");

        String inbox = console.get("/console/convert/inbox").body();
        assertThat(inbox).contains("Is the blue one in M still there?").contains(phone);
        String id = tenant.admin().get("/api/v1/inbox").json().get("items").get(0).get("id").asString();
        String page = console.get("/console/convert/inbox/" + id).body();
        assertThat(page).contains("Is the blue one in M still there?");

        String token = ConsoleClient.csrf(page);
        HttpResponse<String> empty = console.post("/console/convert/inbox/" + id + "/reply", token,
                Map.of("text", "  ", "key", "k1"));
        assertThat(empty.statusCode()).isEqualTo(200);
        assertThat(empty.body()).contains("id=\"text-error\"");

        Map<String, String> reply = Map.of("text", "Yes, we keep one for you until Friday.", "key", "k2");
        HttpResponse<String> sent = console.post("/console/convert/inbox/" + id + "/reply", token, reply);
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(302);
        HttpResponse<String> again = console.post("/console/convert/inbox/" + id + "/reply", token, reply);
        assertThat(again.statusCode()).isEqualTo(302);

        FakeProviders.Request wire = PROVIDERS.awaitSms(phone, 1).get(0);
        assertThat(wire.form().get("Body")).isEqualTo("Yes, we keep one for you until Friday.");
        Thread.sleep(300);
        assertThat(PROVIDERS.sms(phone)).as("the form sent twice answers once").hasSize(1);
        String after = console.get("/console/convert/inbox/" + id).body();
        assertThat(after).contains("Yes, we keep one for you until Friday.").contains("Answered");
        assertThat(console.get("/console/convert/inbox?status=answered").body()).contains(phone);
    }

    @Test
    void aCaseIsMovedGivenNotedAndResolvedAndAStoreManagerSeesTheirStoresOnly() {
        String berlin = openCase("BER-1", "Cold coffee in Berlin");
        String hamburg = openCase("HAM-1", "Rude staff in Hamburg");
        assertThat(console.get("/console/convert/cases").body()).contains("Cold coffee in Berlin")
                .contains("Rude staff in Hamburg");
        assertThat(console.get("/console/convert/cases/board").body()).contains("Cold coffee in Berlin");

        String page = console.get("/console/convert/cases/" + berlin).body();
        String token = ConsoleClient.csrf(page);
        String me = jdbc.sql("SELECT id FROM staff_user WHERE tenant_id = :t AND email = :e").param("t", tenant.id())
                .param("e", tenant.adminEmail()).query(java.util.UUID.class).single().toString();
        assertThat(page).contains("value=\"" + me + "\"");
        assertThat(console.post("/console/convert/cases/" + berlin + "/owner", token, Map.of("owner", me))
                .statusCode()).isEqualTo(302);
        assertThat(console.post("/console/convert/cases/" + berlin + "/notes", token,
                Map.of("text", "Called the shift lead.")).statusCode()).isEqualTo(302);
        HttpResponse<String> noNote = console.post("/console/convert/cases/" + berlin + "/notes", token,
                Map.of("text", ""));
        assertThat(noNote.body()).contains("id=\"text-error\"");
        assertThat(console.post("/console/convert/cases/" + berlin + "/status", token,
                Map.of("status", "resolved", "customerMessage", "We replaced the machine.")).statusCode())
                .isEqualTo(302);
        HttpResponse<String> back = console.post("/console/convert/cases/" + berlin + "/status", token,
                Map.of("status", "open", "customerMessage", "We replaced the machine."));
        assertThat(back.statusCode()).isEqualTo(200);
        assertThat(back.body()).as("a resolved case cannot be opened again").contains("id=\"status-error\"");

        var api = tenant.admin().get("/api/v1/cases/" + berlin).json();
        assertThat(api.get("status").asString()).isEqualTo("resolved");
        assertThat(api.get("owner").get("id").asString()).isEqualTo(me);
        assertThat(api.get("customerMessage").asString()).isEqualTo("We replaced the machine.");
        assertThat(api.get("notes").get(0).get("text").asString()).isEqualTo("Called the shift lead.");
        assertThat(console.get("/console/convert/cases?status=resolved").body()).contains("Cold coffee in Berlin")
                .doesNotContain("Rude staff in Hamburg");

        tenant.createUser("store_manager", "BER-1");
        String managerEmail = jdbc.sql("SELECT email FROM staff_user WHERE tenant_id = :t AND role = 'store_manager'")
                .param("t", tenant.id()).query(String.class).single();
        ConsoleClient manager = new ConsoleClient(port);
        assertThat(manager.login(managerEmail, PASSWORD).statusCode()).isEqualTo(302);
        assertThat(manager.get("/console/convert/cases").body()).contains("Cold coffee in Berlin")
                .doesNotContain("Rude staff in Hamburg");
        assertThat(manager.get("/console/convert/cases/board").body()).doesNotContain("Rude staff in Hamburg");
        assertThat(manager.get("/console/convert/cases/" + hamburg).statusCode()).isEqualTo(404);
        String mine = ConsoleClient.csrf(manager.get("/console/convert/cases/" + berlin).body());
        assertThat(manager.post("/console/convert/cases/" + hamburg + "/notes", mine, Map.of("text", "x"))
                .statusCode()).isEqualTo(404);
        assertThat(manager.get("/console/convert/inbox").statusCode()).as("the inbox is the tenant's")
                .isEqualTo(403);
    }

    private String openCase(String store, String subject) {
        var opened = tenant.admin().post("/api/v1/cases", Map.of("store", store, "subject", subject,
                "contact", Map.of("email", "c-" + java.util.UUID.randomUUID() + "@example.com")));
        assertThat(opened.status()).as(opened.toString()).isEqualTo(201);
        return opened.json().get("id").asString();
    }

    static String path(HttpResponse<String> redirect) {
        return URI.create(redirect.headers().firstValue("Location").orElseThrow()).getPath();
    }
}
