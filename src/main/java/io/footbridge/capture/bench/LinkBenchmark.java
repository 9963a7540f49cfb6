package io.footbridge.capture.bench;

import io.footbridge.bench.OpenLoad;
import io.footbridge.platform.CommandOptions;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code java -jar footbridge.jar bench links}: phones scanning QR codes, measured end to end over HTTP. Each
 * request opens a short link, which records the scan as a capture event and answers the redirect.
 */
@Component
@ConditionalOnProperty(name = "footbridge.command", havingValue = "bench")
class LinkBenchmark implements ApplicationRunner {

    private final Environment environment;
    private final BenchApi api;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    LinkBenchmark(Environment environment, JsonMapper json) {
        this.environment = environment;
        this.api = new BenchApi(environment, json);
    }

    @Override
    public void run(ApplicationArguments args) throws Exception {
        if (!args.getNonOptionArgs().contains("links")) {
            return;
        }
        CommandOptions options = CommandOptions.parse(args.getSourceArgs(),
                CommandOptions.Spec.of("clients", "seconds", "rate").after("bench", "links").passingSpringSettings());
        int clients = options.count("clients", 200);
        int seconds = options.count("seconds", 20);
        int rate = options.count("rate", 1000);
        String base = "http://localhost:" + environment.getProperty("local.server.port");
        BenchApi.BenchTenant tenant = api.setUp(base, List.of("stores:write", "stores:read"));
        String[] codes = new String[10];
        for (int i = 0; i < codes.length; i++) {
            JsonNode placement = api.call(base + "/api/v1/placements", tenant.authorization(), Map.of("store",
                    "BENCH-1", "kind", "shelf", "label", "Shelf " + i, "destination",
                    "https://shop.example.com/p/" + i, "campaign", "bench"), 201);
            codes[i] = placement.get("code").asString();
        }
        System.out.printf("%nFootbridge short-link benchmark, %d cores, Java %s%n",
                Runtime.getRuntime().availableProcessors(), Runtime.version());
        // a third of the scans come from phones that scanned before and carry the visitor cookie
        String[] cookies = new String[clients];
        for (int c = 0; c < clients; c++) {
            cookies[c] = c % 3 == 0 ? "fb_aid=" + UUID.randomUUID() : null;
        }
        OpenLoad.Request scan = client -> {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/q/" + codes[client % codes.length]))
                    .header("User-Agent", "Mozilla/5.0 (iPhone; bench)").timeout(Duration.ofSeconds(30)).GET();
            if (cookies[client] != null) {
                request.header("Cookie", cookies[client]);
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 302;
        };
        OpenLoad.run(clients, 10, rate, scan);
        OpenLoad.Result result = OpenLoad.run(clients, seconds, rate, scan);
        if (result.failures() > 0) {
            System.out.println("scans not redirected: " + result.failures());
        }
        System.out.printf("short-link scans, %d concurrent clients, %s, %d s: %,d scans, %,.0f scans/s, p50 %.1f ms,"
                        + " p99 %.1f ms, max %.1f ms (each recorded as a capture event)%n%n", clients,
                rate > 0 ? "offered " + rate + " scans/s" : "as fast as they can", seconds,
                result.latencies().length, result.latencies().length / (double) seconds, result.percentile(50),
                result.percentile(99), result.max());
        portalWeight(base, tenant);
    }

    /** The Wi-Fi portal page as a phone first loads it: everything is inline, so the HTML is the whole weight. */
    private void portalWeight(String base, BenchApi.BenchTenant tenant) throws Exception {
        String node = "0c:8d:db:" + UUID.randomUUID().toString().substring(0, 6).replaceAll("(..)(?!$)", "$1:");
        String splash = api.call(base + "/api/v1/wifi/access-points", tenant.authorization(), Map.of("vendor",
                "meraki", "node", node, "store", "BENCH-1", "label", "Bench"), 201).get("portalUrl").asString();
        HttpResponse<byte[]> page = http.send(HttpRequest.newBuilder(URI.create(base
                + splash.substring(splash.indexOf("/wifi/meraki/"))
                + "?base_grant_url=https%3A%2F%2Fn1.network-auth.com%2Fsplash%2Fgrant&node_mac=" + node
                + "&client_mac=aa:bb:cc:dd:ee:ff")).header("Accept-Encoding", "identity").GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        System.out.printf("Wi-Fi portal page on first load: %.1f KB (status %d; inline CSS, no scripts, no other"
                + " requests without a logo)%n%n", page.body().length / 1024.0, page.statusCode());
    }
}
