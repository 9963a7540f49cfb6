package io.footbridge.feedback;

import io.footbridge.ApiClient;
import io.footbridge.receipts.ReceiptsTestSupport;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Surveys set up by the marketer and answered by customers through the hosted pages, as a phone would. */
abstract class FeedbackTestSupport extends ReceiptsTestSupport {

    private static final Pattern STATE = Pattern.compile("name=\"state\" value=\"([^\"]+)\"");

    protected String offer(String... channels) {
        Map<String, Object> offer = new HashMap<>();
        offer.put("name", "Thanks for your feedback");
        offer.put("type", "amount");
        offer.put("amount", 500);
        offer.put("currency", "EUR");
        offer.put("validFrom", Instant.now().minus(1, ChronoUnit.DAYS).toString());
        offer.put("validUntil", Instant.now().plus(30, ChronoUnit.DAYS).toString());
        offer.put("channels", List.of(channels));
        var created = marketer.post("/api/v1/offers", offer);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    /** A survey with a rating, a yes/no, a choice and a text question, a coupon and a review page. */
    protected JsonNode survey(String rewardOfferId) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", "After purchase");
        body.put("questions", List.of(
                Map.of("id", "staff", "type", "rating", "text", "How friendly was our staff?"),
                Map.of("id", "found", "type", "yes_no", "text", "Did you find what you were looking for?",
                        "required", true),
                Map.of("id", "visit", "type", "single_choice", "text", "Why did you come?",
                        "options", List.of("To browse", "To buy something", "To return something")),
                Map.of("id", "better", "type", "text", "text", "One thing we could do better?")));
        if (rewardOfferId != null) {
            body.put("rewardOfferId", rewardOfferId);
        }
        body.put("reviewUrl", "https://reviews.example.com/brand");
        body.put("storeReviewUrls", Map.of("BER-1", "https://reviews.example.com/ber-1"));
        var created = marketer.post("/api/v1/surveys", body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json();
    }

    /** The form's signed state, from the page as served. */
    protected static String state(ApiClient.Response page) {
        Matcher m = STATE.matcher(page.raw().body());
        assertThat(m.find()).as(page.raw().body()).isTrue();
        return m.group(1).replace("&amp;", "&");
    }

    protected ApiClient.Response submit(String url, String state, Map<String, String> fields) {
        Map<String, String> all = new LinkedHashMap<>(fields);
        all.put("state", state);
        String body = all.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return anonymous.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("User-Agent", "Mozilla/5.0 (iPhone)")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Opens the survey and answers it in one go. */
    protected ApiClient.Response answer(String url, Map<String, String> fields) {
        var page = open(url);
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        return submit(url, state(page), fields);
    }

    protected static Map<String, String> fields(int score, String comment) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("score", String.valueOf(score));
        if (comment != null) {
            fields.put("comment", comment);
        }
        fields.put("q_staff", "4");
        fields.put("q_found", "yes");
        fields.put("q_visit", "1");
        fields.put("q_better", "More staff on Saturdays");
        return fields;
    }

    protected String absolute(String path) {
        return path.startsWith("http") ? path : "http://localhost:" + port + path;
    }

    /** The first href on a page that contains {@code part}. */
    protected static String link(String html, String part) {
        Matcher m = Pattern.compile("href=\"([^\"]*" + Pattern.quote(part) + "[^\"]*)\"").matcher(html);
        assertThat(m.find()).as("a link with " + part + " in " + html).isTrue();
        return m.group(1).replace("&amp;", "&");
    }
}
