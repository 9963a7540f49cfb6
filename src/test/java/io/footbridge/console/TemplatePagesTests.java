package io.footbridge.console;

import io.footbridge.ApiTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Message templates in the console: a draft previewed as it would be sent, saved, and the messages sent listed. */
class TemplatePagesTests extends ApiTest {

    private TestTenant tenant;
    private ConsoleClient console;

    @BeforeEach
    void signedIn() {
        tenant = newTenant();
        console = new ConsoleClient(port);
        assertThat(console.login(tenant.adminEmail(), PASSWORD).statusCode()).isEqualTo(302);
    }

    @Test
    void aDraftIsPreviewedInTheBrandsLayoutAndSavedAndAMissingValueIsNamed() {
        String page = console.get("/console/convert/templates/welcome/email/en").body();
        String token = ConsoleClient.csrf(page);
        Map<String, String> draft = Map.of("key", "welcome", "channel", "email", "language", "en",
                "subject", "Welcome, {{firstName}}", "html", "<p>Hello {{firstName}} & friends</p>",
                "variables", "firstName=Lena <b>");
        HttpResponse<String> preview = console.post("/console/convert/templates/preview", token, draft,
                Map.of("HX-Request", "true"));
        assertThat(preview.statusCode()).isEqualTo(200);
        assertThat(preview.body()).contains("Welcome, Lena &lt;b&gt;").doesNotContain("<html");
        String frame = preview.body().replaceAll("(?s).*src=\"([^\"]+)\".*", "$1");
        HttpResponse<String> html = console.get(frame);
        assertThat(html.statusCode()).isEqualTo(200);
        assertThat(html.body()).contains("Hello Lena &lt;b&gt; &amp; friends");
        assertThat(html.headers().firstValue("Content-Security-Policy").orElseThrow()).startsWith("sandbox");

        HttpResponse<String> missing = console.post("/console/convert/templates/preview", token,
                Map.of("key", "welcome", "channel", "email", "language", "en", "subject", "Hi {{firstName}}",
                        "html", "<p>x</p>", "variables", ""), Map.of("HX-Request", "true"));
        assertThat(missing.body()).contains("firstName");

        HttpResponse<String> broken = console.post("/console/convert/templates/welcome/email/en", token,
                Map.of("subject", "", "html", "<p>{{#open}}</p>"));
        assertThat(broken.statusCode()).isEqualTo(200);
        assertThat(broken.body()).contains("id=\"subject-error\"");

        HttpResponse<String> saved = console.post("/console/convert/templates/welcome/email/en", token,
                Map.of("subject", "Welcome, {{firstName}}", "html", "<p>Hello {{firstName}}</p>"));
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(302);
        var list = tenant.admin().get("/api/v1/message-templates").json();
        assertThat(list.toString()).contains("Welcome, {{firstName}}");
        assertThat(console.get("/console/convert/templates").body()).contains("welcome");
    }

    @Test
    void theMessagesSentAreListedWithTheirStatus() {
        String to = "m-" + UUID.randomUUID() + "@example.com";
        var sent = tenant.admin().post("/api/v1/messages", Map.of("to", to, "channel", "email", "purpose", "service",
                "template", "inbox.reply", "variables", Map.of("text", "Your order is ready")));
        assertThat(sent.status()).as(sent.toString()).isEqualTo(202);
        String page = console.get("/console/convert/messages").body();
        assertThat(page).contains(to).contains("inbox.reply");
        assertThat(console.get("/console/convert/messages?status=bogus").statusCode()).isEqualTo(400);
    }
}
