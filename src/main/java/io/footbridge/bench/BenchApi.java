package io.footbridge.bench;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** The JSON calls a benchmark makes to set itself up through the public API, failing loudly on a wrong answer. */
public final class BenchApi {

    private final HttpClient http;
    private final JsonMapper json;

    public BenchApi(HttpClient http, JsonMapper json) {
        this.http = http;
        this.json = json;
    }

    /** POSTs the body and answers the JSON of the reply, or fails saying what came back instead of {@code expected}. */
    public JsonNode call(String url, String authorization, Object body, int expected) throws Exception {
        HttpResponse<String> response = post(url, authorization, body);
        if (response.statusCode() != expected) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body()
                    + (response.statusCode() == 401 ? " (set FOOTBRIDGE_ADMIN_EMAIL and FOOTBRIDGE_ADMIN_PASSWORD to"
                    + " an installation admin, or bench an empty database)" : ""));
        }
        return json.readTree(response.body());
    }

    public HttpResponse<String> post(String url, String authorization, Object body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(5))
                        .header("Authorization", authorization).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public static String basic(String email, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((email + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }
}
