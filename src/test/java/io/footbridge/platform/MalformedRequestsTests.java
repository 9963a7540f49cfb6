package io.footbridge.platform;

import io.footbridge.ApiTest;
import io.footbridge.RawHttp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests that are broken before any controller sees them — undecodable paths and parameters, multipart without a
 * boundary, too many parameters — get a 4xx problem detail (or, for a browser on a hosted page, a 4xx page), never a
 * 500 or the web server's own error page.
 */
class MalformedRequestsTests extends ApiTest {

    /** One tenant for all: these requests change nothing. */
    private static String basic;
    private RawHttp raw;

    @BeforeEach
    void client() {
        raw = new RawHttp(port);
        if (basic == null) {
            basic = "Authorization: Basic " + Base64.getEncoder()
                    .encodeToString((newTenant().adminEmail() + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "/api/v1/stores/%00",
            "/api/v1/stores/a%2Fb",
            "/api/v1/stores/a%5Cb",
            "/api/v1/stores/%zz",
            "/api/v1/stores/%",
            "/api/v1/stores/%ff",
            "/api/v1/stores;jsessionid=1",
            "/api/v1/stores/;x=1/y",
            "/api/v1/./stores",
            "/api/v1/stores/..",
            "/api/v1/stores/%2e%2e/%2e%2e",
            "/api/v1/../../../etc/passwd",
            "/api/v1/stores?limit=%ff%zz",
            "/api/v1/stores?limit=%",
            "/api/v1/stores?%zz=1",
            "/api/v1/customers?store=%ff%zz",
            "/f/%00",
            "/f/x%2Fy",
            "/s/%zz",
            "/%00",
    })
    void anUndecodablePathOrQueryIsA4xxProblem(String target) {
        var response = raw.send("GET " + target + " HTTP/1.1\n" + basic + "\nAccept: application/json");

        assertProblem(response);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/api/v1/receipts?store=%00", "/api/v1/feedback/nps?store=BER%001",
            "/api/v1/audit-log?targetId=%00"})
    void aNulCharacterInAParameterIsA400NamingIt(String target) {
        var response = raw.send("GET " + target + " HTTP/1.1\n" + basic + "\nAccept: application/json");

        assertProblem(response);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.toString()).contains("\"field\":\"" + (target.contains("targetId") ? "targetId" : "store")
                + "\"").contains("NUL");
    }

    @Test
    void aHundredKilobyteQueryStringIsA4xxProblem() {
        var response = raw.send("GET /api/v1/stores?q=" + "x".repeat(100 * 1024) + " HTTP/1.1\n" + basic);

        assertProblem(response);
    }

    @Test
    void aControlCharacterInThePathIsA4xxProblem() {
        var response = raw.send("GET /api/v1/stores/\u0001 HTTP/1.1\n" + basic);

        assertProblem(response);
    }

    @Test
    void multipartWithoutBoundaryOnAJsonEndpointIsA4xxProblem() {
        var response = raw.send("POST /api/v1/stores HTTP/1.1\n" + basic + "\nContent-Type: multipart/form-data",
                "{\"code\": \"A1\"}".getBytes(StandardCharsets.UTF_8));

        assertProblem(response);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/f/unknown", "/e/unknown", "/s/unknown", "/u/unknown", "/preferences/unknown",
            "/wifi/login"})
    void multipartWithoutBoundaryOnAHostedFormIsA4xxProblem(String path) {
        var response = raw.send("POST " + path + " HTTP/1.1\nAccept: application/json\n"
                + "Content-Type: multipart/form-data", "firstName=Ada".getBytes(StandardCharsets.UTF_8));

        assertProblem(response);
    }

    @Test
    void multipartWithoutBoundaryFromABrowserIsA4xxPage() {
        var response = raw.send("POST /f/unknown HTTP/1.1\nAccept: text/html,application/xhtml+xml,*/*;q=0.8\n"
                + "Content-Type: multipart/form-data", "firstName=Ada".getBytes(StandardCharsets.UTF_8));

        assertThat(response.status()).as(response.toString()).isBetween(400, 499);
        assertThat(response.contentType()).startsWith("text/html");
        assertThat(response.text()).doesNotContain("Apache Tomcat", "Whitelabel", "Exception");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"firstName=%%%%", "firstName=%ff%fe", "%zz=1"})
    void anUndecodableFormFieldOnAHostedFormIsA4xxProblem(String body) {
        var response = raw.send("POST /f/unknown HTTP/1.1\nAccept: application/json\n"
                + "Content-Type: application/x-www-form-urlencoded", body.getBytes(StandardCharsets.ISO_8859_1));

        assertProblem(response);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"PUT", "PATCH", "DELETE"})
    void anUndecodableFormBodyOnAnyMethodIsA4xxProblem(String method) {
        var response = raw.send(method + " /api/v1/stores/" + java.util.UUID.randomUUID() + " HTTP/1.1\n" + basic
                + "\nContent-Type: application/x-www-form-urlencoded", "a=%%%%".getBytes(StandardCharsets.UTF_8));

        assertProblem(response);
    }

    @Test
    void moreThanAThousandFormFieldsOnAHostedFormIsA4xxProblem() {
        StringBuilder body = new StringBuilder("firstName=Ada");
        for (int i = 0; i < 1500; i++) {
            body.append("&f").append(i).append('=').append(i);
        }

        var response = raw.send("POST /f/unknown HTTP/1.1\nAccept: application/json\n"
                + "Content-Type: application/x-www-form-urlencoded", body.toString().getBytes(StandardCharsets.UTF_8));

        assertProblem(response);
    }

    @Test
    void moreThanAThousandQueryParametersIsA4xxProblem() {
        StringBuilder query = new StringBuilder("limit=10");
        for (int i = 0; i < 1500; i++) {
            query.append("&q").append(i).append('=').append(i);
        }

        var response = raw.send("GET /api/v1/stores?" + query + " HTTP/1.1\n" + basic);

        assertProblem(response);
    }

    private static void assertProblem(RawHttp.Response response) {
        assertThat(response.status()).as(response.toString()).isBetween(400, 499);
        assertThat(response.isProblem()).as(response.toString()).isTrue();
    }
}
