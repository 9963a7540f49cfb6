package io.footbridge.platform;

import io.footbridge.ApiTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.http.HttpRequest;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every kind of bad input gets a 4xx problem that names the field, and nothing is stored. */
class BadInputTests extends ApiTest {

    private TestTenant tenant;

    @BeforeEach
    void tenant() {
        tenant = newTenant();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            malformed JSON         | {"code": "A1", "name":                                                     | body
            not an object          | [1, 2, 3]                                                                  | body
            wrong type             | {"code": "A1", "name": "A", "country": "DE", "timeZone": "UTC", "currency": "EUR", "latitude": "north", "longitude": 1} | latitude
            object for a string    | {"code": {"x": 1}, "name": "A", "country": "DE", "timeZone": "UTC", "currency": "EUR"} | code
            unknown field          | {"code": "A1", "name": "A", "country": "DE", "timeZone": "UTC", "currency": "EUR", "colour": "red"} | colour
            missing name           | {"code": "A1", "country": "DE", "timeZone": "UTC", "currency": "EUR"}      | name
            invalid time zone      | {"code": "A1", "name": "A", "country": "DE", "timeZone": "Mars/Olympus", "currency": "EUR"} | timeZone
            invalid currency       | {"code": "A1", "name": "A", "country": "DE", "timeZone": "UTC", "currency": "EURO"} | currency
            invalid country        | {"code": "A1", "name": "A", "country": "XX", "timeZone": "UTC", "currency": "EUR"} | country
            lower-case country     | {"code": "A1", "name": "A", "country": "de", "timeZone": "UTC", "currency": "EUR"} | country
            latitude out of range  | {"code": "A1", "name": "A", "country": "DE", "timeZone": "UTC", "currency": "EUR", "latitude": 91, "longitude": 0} | latitude
            half a position        | {"code": "A1", "name": "A", "country": "DE", "timeZone": "UTC", "currency": "EUR", "latitude": 52.1} | longitude
            bad code               | {"code": "no spaces!", "name": "A", "country": "DE", "timeZone": "UTC", "currency": "EUR"} | code
            oversized name         | {"code": "A1", "name": "%s", "country": "DE", "timeZone": "UTC", "currency": "EUR"} | name
            nested address field   | {"code": "A1", "name": "A", "country": "DE", "timeZone": "UTC", "currency": "EUR", "address": {"postcode": "%s"}} | address.postcode
            """)
    void storeInputIsValidatedFieldByField(String description, String body, String field) {
        var response = tenant.admin().post("/api/v1/stores", body.replace("%s", "x".repeat(300)));

        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("type").asString()).endsWith("/problems/validation");
        assertThat(response.errorFields()).as(response.toString()).contains(field);
        assertThat(tenant.admin().get("/api/v1/stores").json().get("items")).isEmpty();
    }

    @Test
    void allBeanValidationErrorsAreReportedTogether() {
        var response = tenant.admin().post("/api/v1/stores",
                "{\"code\": \"\", \"country\": \"XX\", \"timeZone\": \"Nowhere\", \"currency\": \"ABC\"}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorFields()).contains("code", "name", "country", "timeZone", "currency");
    }

    @Test
    void unknownEnumValueNamesTheFieldAndTheAllowedValues() {
        var response = tenant.admin().post("/api/v1/users", Map.of("email", "x@brand.test", "role", "owner",
                "password", PASSWORD));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorFields()).containsExactly("role");
        assertThat(response.json().get("errors").get(0).get("reason").asString())
                .contains("admin", "marketer", "store_manager");
    }

    @Test
    void unknownScopeNamesItsIndex() {
        var response = tenant.admin().post("/api/v1/api-keys", Map.of("name", "pos", "scopes",
                java.util.List.of("pos", "root")));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorFields()).containsExactly("scopes[1]");
        assertThat(tenant.admin().get("/api/v1/api-keys").json().get("items")).isEmpty();
    }

    @Test
    void emptyScopesAreRefused() {
        var response = tenant.admin().post("/api/v1/api-keys", Map.of("name", "pos", "scopes", java.util.List.of()));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorFields()).containsExactly("scopes");
    }

    @Test
    void missingBodyIsA400() {
        var response = tenant.admin().send(tenant.admin().request("/api/v1/stores")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorFields()).containsExactly("body");
    }

    @Test
    void wrongContentTypeIsA415Problem() {
        var response = tenant.admin().send(tenant.admin().request("/api/v1/stores")
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("hello")));

        assertThat(response.status()).isEqualTo(415);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("type").asString()).endsWith("/problems/unsupported-media-type");
    }

    @Test
    void malformedIdInThePathIsA400NamingIt() {
        var response = tenant.admin().get("/api/v1/stores/not-a-uuid");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorFields()).containsExactly("id");
    }

    @Test
    void unknownIdIsA404Problem() {
        var response = tenant.admin().get("/api/v1/stores/" + java.util.UUID.randomUUID());

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().get("type").asString()).endsWith("/problems/not-found");
    }

    @Test
    void outOfRangeQueryParameterIsA400() {
        var response = tenant.admin().get("/api/v1/stores?limit=100000");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorFields()).containsExactly("limit");
    }

    @Test
    void oversizedBodyWithContentLengthIsA413() {
        String huge = "{\"code\": \"A1\", \"name\": \"" + "x".repeat(3 * 1024 * 1024) + "\"}";

        var response = tenant.admin().post("/api/v1/stores", huge);

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.json().get("type").asString()).endsWith("/problems/payload-too-large");
    }

    @Test
    void oversizedChunkedBodyIsA413() {
        var parts = new java.util.ArrayList<byte[]>();
        parts.add("{\"code\": \"A1\", \"name\": \"".getBytes());
        parts.addAll(java.util.Collections.nCopies(50, "x".repeat(64 * 1024).getBytes()));
        parts.add("\"}".getBytes());
        // no Content-Length: the limit has to be enforced while reading
        HttpRequest.BodyPublisher chunked = HttpRequest.BodyPublishers.fromPublisher(
                HttpRequest.BodyPublishers.ofByteArrays(parts));

        var response = tenant.admin().send(tenant.admin().request("/api/v1/stores")
                .header("Content-Type", "application/json").POST(chunked));

        assertThat(response.status()).as(response.toString()).isEqualTo(413);
        assertThat(response.json().get("type").asString()).endsWith("/problems/payload-too-large");
    }

    @Test
    void duplicateStoreCodeIsA409AndKeepsTheFirst() {
        tenant.createStore("DUP");

        var response = tenant.admin().post("/api/v1/stores", Map.of("code", "DUP", "name", "Second",
                "country", "FR", "timeZone", "Europe/Paris", "currency", "EUR"));

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.json().get("type").asString()).endsWith("/problems/store-code-taken");
        assertThat(tenant.admin().get("/api/v1/stores").json().get("items")).hasSize(1);
    }

    @Test
    void concurrentCreatesOfTheSameCodeLeaveExactlyOneStore() throws Exception {
        var body = Map.of("code", "RACE", "name", "Race", "country", "DE", "timeZone", "Europe/Berlin",
                "currency", "EUR");
        var statuses = concurrently(8, () -> tenant.admin().post("/api/v1/stores", body).status());

        assertThat(statuses).containsOnly(201, 409);
        assertThat(statuses).containsOnlyOnce(201);
        assertThat(tenant.admin().get("/api/v1/stores").json().get("items")).hasSize(1);
    }

    @Test
    void deeplyNestedJsonIsA400NotA500() {
        String deep = "{\"code\": " + "[".repeat(5000) + "]".repeat(5000) + "}";

        var response = tenant.admin().post("/api/v1/stores", deep);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorFields()).isNotEmpty();
    }

    @Test
    void storeManagerWithoutStoresIsRefused() {
        var response = tenant.admin().post("/api/v1/users", Map.of("email", "m@brand.test", "role",
                "store_manager", "password", PASSWORD));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorFields()).containsExactly("storeCodes");
    }

    @Test
    void unknownStoreCodeForAUserNamesItsIndex() {
        tenant.createStore("REAL");

        var response = tenant.admin().post("/api/v1/users", Map.of("email", "m2-" + tenant.id() + "@brand.test",
                "role", "store_manager", "password", PASSWORD, "storeCodes", java.util.List.of("REAL", "FAKE")));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorFields()).containsExactly("storeCodes[1]");
    }

    @Test
    void shortPasswordIsRefused() {
        var response = tenant.admin().post("/api/v1/users", Map.of("email", "short@brand.test", "role", "marketer",
                "password", "short"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorFields()).containsExactly("password");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            lone high surrogate | correct-horse-\\ud800-battery
            lone low surrogate  | correct-horse-\\udc00-battery
            swapped pair        | correct-horse-\\udc00\\ud800-battery
            """)
    void aPasswordWithASurrogateWithoutItsPairIsRefusedByName(String description, String password) {
        String email = "surrogate-" + java.util.UUID.randomUUID() + "@brand.test";
        var created = tenant.admin().post("/api/v1/users", "{\"email\": \"" + email + "\", \"role\": \"marketer\","
                + " \"password\": \"" + password + "\"}");

        assertThat(created.status()).as(created.toString()).isEqualTo(400);
        assertThat(created.errorFields()).containsExactly("password");
        assertThat(tenant.admin().get("/api/v1/users").raw().body()).doesNotContain(email);

        String me = null;
        for (var user : tenant.admin().get("/api/v1/users").json().get("items")) {
            if (user.get("email").asString().equals(tenant.adminEmail())) {
                me = user.get("id").asString();
            }
        }
        var set = tenant.admin().put("/api/v1/users/" + me + "/password", "{\"password\": \"" + password + "\"}");
        assertThat(set.status()).as(set.toString()).isEqualTo(400);
        assertThat(set.errorFields()).containsExactly("password");
        assertThat(tenant.admin().get("/api/v1/users").status()).as("the old password still works").isEqualTo(200);
    }

    @Test
    void unknownPathUnderTheApiIsA404Problem() {
        var response = tenant.admin().get("/api/v1/no-such-thing");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    @Test
    void wrongMethodIsA405Problem() {
        var response = tenant.admin().send(tenant.admin().request("/api/v1/stores")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json"));

        assertThat(response.status()).isEqualTo(405);
        assertThat(response.json().get("type").asString()).endsWith("/problems/method-not-allowed");
    }

}
