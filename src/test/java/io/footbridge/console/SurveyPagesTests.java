package io.footbridge.console;

import io.footbridge.ApiTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Surveys in the console: written with questions, problems at the question's field, answers and NPS shown. */
class SurveyPagesTests extends ApiTest {

    private static final Pattern STATE = Pattern.compile("name=\"state\" value=\"([^\"]+)\"");

    private TestTenant tenant;
    private ConsoleClient console;

    @BeforeEach
    void signedIn() {
        tenant = newTenant();
        tenant.createStore("BER-1");
        console = new ConsoleClient(port);
        assertThat(console.login(tenant.adminEmail(), PASSWORD).statusCode()).isEqualTo(302);
    }

    @Test
    void aSurveyIsWrittenWithItsQuestionsAnsweredAndItsNpsShownWithTheInterval() {
        String token = ConsoleClient.csrf(console.get("/console/convert/surveys/new").body());
        Map<String, String> form = new LinkedHashMap<>();
        form.put("name", "After the visit");
        form.put("openCases", "true");
        form.put("questions[0].text", "Why did you come?");
        form.put("questions[0].id", "why");
        form.put("questions[0].type", "single_choice");
        form.put("questions[0].options", "");
        HttpResponse<String> refused = console.post("/console/convert/surveys", token, form);
        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(refused.body()).contains("id=\"questions[0].options-error\"")
                .contains("value=\"Why did you come?\"");

        form.put("questions[0].options", "To browse, To buy");
        HttpResponse<String> created = console.post("/console/convert/surveys", token, form);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(302);
        String location = URI.create(created.headers().firstValue("Location").orElseThrow()).getPath();
        String id = location.substring(location.lastIndexOf('/') + 1);
        var survey = tenant.admin().get("/api/v1/surveys/" + id).json();
        assertThat(survey.get("questions").get(0).get("options").toString()).contains("To browse", "To buy");

        String url = survey.get("url").asString();
        answer(url, 10, "Lovely cake");
        answer(url, 3, "Cold coffee");
        String page = console.get(location + "?period=7d").body();
        assertThat(page).contains("Lovely cake").contains("Cold coffee");
        assertThat(page).contains("data-value=\"nps\">0<").as("one promoter, one detractor: NPS 0")
                .contains("2 answers");
        assertThat(console.get("/console/convert/surveys").body()).contains("After the visit");

        HttpResponse<String> changed = console.post(location, token, Map.of("name", "After your visit",
                "questions[0].text", "Why did you come today?", "questions[0].id", "why",
                "questions[0].type", "single_choice", "questions[0].options", "To browse, To buy, To return"));
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(302);
        survey = tenant.admin().get("/api/v1/surveys/" + id).json();
        assertThat(survey.get("name").asString()).isEqualTo("After your visit");
        assertThat(survey.get("questions").get(0).get("options").size()).isEqualTo(3);
    }

    private void answer(String url, int score, String comment) {
        var page = anonymous.send(HttpRequest.newBuilder(URI.create(url)).header("User-Agent", "Mozilla/5.0").GET());
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        Matcher m = STATE.matcher(page.raw().body());
        assertThat(m.find()).isTrue();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("score", String.valueOf(score));
        fields.put("comment", comment);
        fields.put("q_why", "1");
        fields.put("state", m.group(1).replace("&amp;", "&"));
        String body = fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        var sent = anonymous.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded").header("User-Agent", "Mozilla/5.0")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(sent.status()).as(sent.toString()).isLessThan(400);
    }
}
