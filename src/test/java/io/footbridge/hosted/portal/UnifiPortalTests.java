package io.footbridge.hosted.portal;

import com.sun.net.httpserver.HttpServer;
import io.footbridge.ApiTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The UniFi flow against a stand-in controller that answers the two calls a real one does. */
class UnifiPortalTests extends ApiTest {

    private static final List<String> CALLS = new CopyOnWriteArrayList<>();
    private static volatile boolean refuse;
    private static final HttpServer CONTROLLER = controller();

    @DynamicPropertySource
    static void controllerAddress(DynamicPropertyRegistry registry) {
        String base = "http://127.0.0.1:" + CONTROLLER.getAddress().getPort();
        registry.add("footbridge.wifi.unifi.login-url", () -> base + "/api/login");
        registry.add("footbridge.wifi.unifi.api-url", () -> base + "/api");
        registry.add("footbridge.wifi.unifi.username", () -> "portal");
        registry.add("footbridge.wifi.unifi.password", () -> "controller-secret");
    }

    @AfterAll
    static void stop() {
        CONTROLLER.stop(0);
    }

    @Test
    void theControllerIsAskedToAuthoriseTheGuestAndTheGuestGoesOn() {
        TestTenant tenant = newTenant();
        tenant.createStore("MUC-1");
        String ap = WifiPortalTests.randomMac();
        var added = tenant.admin().post("/api/v1/wifi/access-points", Map.of("vendor", "unifi", "node", ap,
                "store", "MUC-1", "label", "Entrance"));
        assertThat(added.status()).isEqualTo(201);
        String portalHost = added.json().get("portalUrl").asString();
        assertThat(portalHost).matches("http://[0-9a-f]{32}\\.localhost:" + port);
        String key = portalHost.substring(7, 39);
        String client = WifiPortalTests.randomMac();
        String guest = "/guest/s/default/?ap=" + ap + "&id=" + client + "&t=1700000000&ssid=Guests&url="
                + URLEncoder.encode("http://example.com/", StandardCharsets.UTF_8);

        assertThat(get(guest, "localhost")).as("no key in the host name").startsWith("HTTP/1.1 404");
        assertThat(get(guest, "0".repeat(32) + ".localhost")).as("a key nobody was given").startsWith("HTTP/1.1 404");
        String page = get(guest, key + ".localhost");
        assertThat(page).startsWith("HTTP/1.1 200");
        Matcher state = Pattern.compile("name=\"state\" value=\"([^\"]+)\"").matcher(page);
        assertThat(state.find()).isTrue();
        String form = "state=" + URLEncoder.encode(state.group(1), StandardCharsets.UTF_8)
                + "&contact=lena%40example.com&terms=true";

        refuse = true;
        var failed = post(form);
        assertThat(failed.status()).as("the controller said no").isEqualTo(502);
        assertThat(failed.raw().body()).contains("could not connect you");

        refuse = false;
        CALLS.clear();
        var login = post(form);
        assertThat(login.status()).isEqualTo(302);
        assertThat(login.header("Location")).as("the portal's own page, not the url UniFi passed on")
                .startsWith("http://localhost:" + port + "/wifi/online?ap=");
        assertThat(CALLS).hasSize(2);
        assertThat(CALLS.get(0)).startsWith("/api/login ").contains("\"username\":\"portal\"");
        assertThat(CALLS.get(1)).startsWith("/api/s/default/cmd/stamgr ").contains("\"cmd\":\"authorize-guest\"")
                .contains("\"mac\":\"" + client + "\"").contains("\"ap_mac\":\"" + ap + "\"")
                .contains("\"minutes\":60").contains("cookie=unifises=abc");
        assertThat(jdbc.sql("SELECT properties FROM capture_event WHERE tenant_id = :t AND type = 'wifi.login'")
                .param("t", tenant.id()).query(String.class).single()).contains("\"ssid\":\"Guests\"");
    }

    /**
     * A GET with the Host header a UniFi guest's browser sends (Java's HTTP client will not set one of its own);
     * the status line, headers and body as text.
     */
    private String get(String path, String host) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private io.footbridge.ApiClient.Response post(String form) {
        return anonymous.send(anonymous.request("/wifi/login")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    private static HttpServer controller() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/api", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                String cookie = exchange.getRequestHeaders().getFirst("Cookie");
                CALLS.add(exchange.getRequestURI().getPath() + " " + body + " cookie=" + cookie);
                byte[] answer;
                if (exchange.getRequestURI().getPath().equals("/api/login")) {
                    exchange.getResponseHeaders().add("Set-Cookie", "unifises=abc; Path=/; HttpOnly");
                    answer = "{\"meta\":{\"rc\":\"ok\"},\"data\":[]}".getBytes(StandardCharsets.UTF_8);
                } else {
                    answer = (refuse ? "{\"meta\":{\"rc\":\"error\",\"msg\":\"api.err.NoSiteContext\"}}"
                            : "{\"meta\":{\"rc\":\"ok\"},\"data\":[]}").getBytes(StandardCharsets.UTF_8);
                }
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, answer.length);
                exchange.getResponseBody().write(answer);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
