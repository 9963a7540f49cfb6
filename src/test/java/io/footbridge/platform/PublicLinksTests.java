package io.footbridge.platform;

import io.footbridge.ApiTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without {@code FOOTBRIDGE_PUBLIC_URL}, links customers get are built on this machine's own address, never on the
 * Host header a caller sent: a forged Host would otherwise go out on printed QR codes, messages and coupons.
 */
@ExtendWith(OutputCaptureExtension.class)
class PublicLinksTests extends ApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** HTTP/1.0 over a socket: java.net.http does not let a client set the Host header. */
    private JsonNode postWithHost(String host, String path, String basic, Object body) throws IOException {
        byte[] json = JSON.writeValueAsBytes(body);
        try (Socket socket = new Socket("localhost", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.0\r\nHost: " + host + "\r\nAuthorization: Basic " + basic
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + json.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(json);
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 201");
            return JSON.readTree(response.substring(response.indexOf("\r\n\r\n") + 4));
        }
    }

    @Test
    void linksIgnoreAForgedHostHeaderAndTheOperatorIsWarned(CapturedOutput output) throws IOException {
        var tenant = newTenant();
        tenant.createStore("BER-1");
        String basic = Base64.getEncoder().encodeToString((tenant.adminEmail() + ":" + PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        String forged = "evil-" + UUID.randomUUID().toString().substring(0, 8) + ".example";

        JsonNode placement = postWithHost(forged, "/api/v1/placements", basic, Map.of("store", "BER-1",
                "kind", "shelf", "label", "Coffee", "destination", "https://shop.example.com/coffee"));
        JsonNode form = postWithHost(forged + ":8443", "/api/v1/signup-forms", basic, Map.of("store", "BER-1",
                "title", "Join", "program", "club", "terms", "Points on every coffee."));

        String own = "http://localhost:" + port + "/";
        assertThat(placement.get("shortUrl").asString()).startsWith(own).doesNotContain(forged);
        assertThat(placement.get("nfcUrl").asString()).startsWith(own);
        assertThat(form.get("url").asString()).startsWith(own).doesNotContain(forged);
        assertThat(output.getAll()).contains("FOOTBRIDGE_PUBLIC_URL").contains(forged);
    }
}
