package io.footbridge.browser;

import io.footbridge.ApiClient;
import io.footbridge.ApiTest;
import io.footbridge.InboundSms;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every page the console serves, found from its controllers' mappings, checked with axe-core inside Chromium: no
 * serious or critical violation, and nothing wider than a phone. A new page is checked without touching this test;
 * a new kind of path variable needs a sample value in {@link #SAMPLES}.
 */
class ConsoleAccessibilityTests extends ApiTest {

    private static final String AXE = "META-INF/resources/webjars/axe-core/4.6.3/axe.min.js";
    private static final Pattern VARIABLE = Pattern.compile("\\{(\\w+)(?::([^}]*))?}");
    /**
     * Values for path variables without a list of their own; a name the test made a real one of (a person, an offer,
     * a placement…) is replaced by it.
     */
    private static final Map<String, String> SAMPLES = Map.ofEntries(Map.entry("id", "profile"),
            Map.entry("offerId", "offer"), Map.entry("conversationId", "conversation"), Map.entry("caseId", "case"),
            Map.entry("key", "receipt"), Map.entry("language", "en"), Map.entry("previewId", "gone"),
            Map.entry("surveyId", "survey"), Map.entry("placementId", "placement"), Map.entry("eventId", "event"),
            Map.entry("storeId", "store"), Map.entry("importId", "import"), Map.entry("failedId", "failed"),
            Map.entry("userId", "user"), Map.entry("segmentId", "segment"), Map.entry("campaignId", "campaign"),
            Map.entry("journeyId", "journey"));

    private static ChromeDriver browser;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    private RequestMappingHandlerMapping mappings;

    @BeforeAll
    static void openBrowser() {
        browser = Chromium.open(Chromium.DESKTOP);
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void everyConsolePageHasNoSeriousAccessibilityProblemAndFitsAPhone() throws IOException {
        TestTenant tenant = newTenant();
        String store = tenant.createStore("BER-1");
        String email = "a11y-" + UUID.randomUUID() + "@example.com";
        ApiClient till = anonymous.bearer(tenant.createKey("till", "BER-1", "pos"));
        var sale = till.post("/api/v1/transactions", Map.of("transactionId", "T-" + UUID.randomUUID(),
                "store", "BER-1", "occurredAt", Instant.now().minusSeconds(3600).toString(), "currency", "EUR",
                "lines", List.of(Map.of("sku", "CAKE", "quantity", 1, "unitPrice", 450)), "total", 450,
                "customer", Map.of("email", email), "receipt", "email"));
        assertThat(sale.status()).as(sale.toString()).isEqualTo(201);
        awaitResolved(tenant.id());
        String profile = tenant.admin().get("/api/v1/profiles?email=" + email.replace("@", "%40")).json()
                .get("items").get(0).get("id").asString();

        var offer = tenant.admin().post("/api/v1/offers", Map.of("name", "Spring", "type", "percent", "percent", 10,
                "currency", "EUR", "validFrom", "2026-01-01", "validUntil", "2099-01-01"));
        assertThat(offer.status()).as(offer.toString()).isEqualTo(201);
        var opened = tenant.admin().post("/api/v1/cases", Map.of("store", "BER-1", "subject", "Cold coffee",
                "contact", Map.of("email", email)));
        assertThat(opened.status()).as(opened.toString()).isEqualTo(201);
        String phone = InboundSms.phone();
        new InboundSms(port, anonymous, installer, tenant.id()).receive(phone, "Do you have oat milk?");
        String conversation = tenant.admin().get("/api/v1/inbox").json().get("items").get(0).get("id").asString();
        var survey = tenant.admin().post("/api/v1/surveys", Map.of("name", "After the visit", "questions",
                List.of(Map.of("id", "why", "type", "single_choice", "text", "Why did you come?", "options",
                        List.of("To browse", "To buy")))));
        assertThat(survey.status()).as(survey.toString()).isEqualTo(201);
        var placement = tenant.admin().post("/api/v1/placements", Map.of("store", "BER-1", "kind", "shelf",
                "label", "Shelf", "destination", "https://shop.example.com/"));
        assertThat(placement.status()).as(placement.toString()).isEqualTo(201);
        var event = tenant.admin().post("/api/v1/listed-events", Map.of("store", "BER-1", "eventCode", "tasting",
                "title", "Tasting", "startsAt", Instant.now().plusSeconds(86_400).toString(),
                "endsAt", Instant.now().plusSeconds(90_000).toString(), "capacity", 20));
        assertThat(event.status()).as(event.toString()).isEqualTo(201);
        var segment = tenant.admin().post("/api/v1/segments", Map.of("name", "Cake buyers", "rule",
                Map.of("event", Map.of("type", "pos.purchase"))));
        assertThat(segment.status()).as(segment.toString()).isEqualTo(201);
        assertThat(tenant.admin().put("/api/v1/message-templates/cakes/email/en", Map.of("subject", "Cakes",
                "text", "Fresh cakes", "html", "<p>Fresh cakes</p>")).status()).isIn(200, 201);
        var campaign = tenant.admin().post("/api/v1/campaigns", Map.of("name", "Cake news", "segmentId",
                segment.json().get("id").asString(), "channel", "email", "template", "cakes", "holdoutPercent", 10));
        assertThat(campaign.status()).as(campaign.toString()).isEqualTo(201);
        var journey = tenant.admin().post("/api/v1/journeys", Map.of("name", "Welcome", "trigger",
                Map.of("api", Map.of()), "steps", List.of(Map.of("wait", "P1D"), Map.of("exit", Map.of()))));
        assertThat(journey.status()).as(journey.toString()).isEqualTo(201);
        var upload = tenant.admin().upload("/api/v1/imports/products", "sku,name\nA-1,Apron\nB-1,\n".getBytes(
                StandardCharsets.UTF_8));
        assertThat(upload.status()).as(upload.toString()).isEqualTo(202);
        var failed = tenant.admin().post("/api/v1/events", Map.of("type", "qr.scan", "store", "NOWHERE",
                "occurredAt", Instant.now().minusSeconds(60).toString()));
        String user = tenant.admin().get("/api/v1/users").json().get("items").get(0).get("id").asString();
        Map<String, String> data = Map.of("import", upload.json().get("id").asString(),
                "failed", failed.json().get("failedEventId").asString(), "user", user,
                "segment", segment.json().get("id").asString(), "campaign", campaign.json().get("id").asString(),
                "journey", journey.json().get("id").asString());
        Map<String, String> real = new java.util.HashMap<>(data);
        real.putAll(Map.of("profile", profile, "offer", offer.json().get("id").asString(),
                "case", opened.json().get("id").asString(), "conversation", conversation,
                "survey", survey.json().get("id").asString(), "store", store,
                "placement", placement.json().get("id").asString(), "event", event.json().get("id").asString()));

        List<String> pages = consolePages(real);
        assertThat(pages).contains("/", "/login", "/console/customers", "/console/customers/" + profile);
        String axe = axe();
        String base = "http://localhost:" + port;
        List<String> problems = new ArrayList<>();

        browser.manage().deleteAllCookies();
        browser.get(base + "/login");
        problems.addAll(check("/login", axe));
        browser.findElement(By.id("username")).sendKeys(tenant.adminEmail());
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        browser.findElement(By.cssSelector("h1"));
        for (String page : pages) {
            if (page.equals("/login")) {
                continue;
            }
            browser.get(base + page);
            problems.addAll(check(page, axe));
        }
        System.out.printf("axe-core checked %d console pages%n", pages.size());
        assertThat(problems).as("serious or critical accessibility problems, or pages wider than a phone").isEmpty();
    }

    /** axe's serious and critical findings on the open page, at desktop and phone width, and any overflow. */
    private static List<String> check(String page, String axe) {
        List<String> found = new ArrayList<>();
        browser.manage().window().setSize(new Dimension(1280, 900));
        found.addAll(violations(page, axe));
        browser.manage().window().setSize(new Dimension(390, 844));
        Long overflow = (Long) browser.executeScript(
                "return document.documentElement.scrollWidth - window.innerWidth");
        if (overflow > 0) {
            found.add(page + ": " + overflow + "px wider than a phone");
        }
        found.addAll(violations(page, axe));
        return found;
    }

    @SuppressWarnings("unchecked")
    private static List<String> violations(String page, String axe) {
        if (!(Boolean) browser.executeScript("return typeof window.axe !== 'undefined'")) {
            browser.executeScript(axe);
        }
        List<Map<String, Object>> violations = (List<Map<String, Object>>) browser.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations.map(v => ({
                    id: v.id, impact: v.impact, help: v.help,
                    targets: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))));
                """);
        List<String> serious = new ArrayList<>();
        for (Map<String, Object> v : violations) {
            if ("serious".equals(v.get("impact")) || "critical".equals(v.get("impact"))) {
                serious.add(page + ": " + v.get("id") + " (" + v.get("impact") + ") " + v.get("help") + " at "
                        + v.get("targets"));
            }
        }
        return serious;
    }

    /** Every GET page of the console's controllers, path variables filled in with their options or samples. */
    private List<String> consolePages(Map<String, String> real) {
        TreeSet<String> pages = new TreeSet<>();
        mappings.getHandlerMethods().forEach((info, method) -> {
            if (!method.getBeanType().getPackageName().startsWith("io.footbridge.console")) {
                return;
            }
            var methods = info.getMethodsCondition().getMethods();
            if (!methods.isEmpty() && !methods.contains(RequestMethod.GET)) {
                return;
            }
            // downloads (a QR code's image) are files, not pages
            var produces = info.getProducesCondition().getProducibleMediaTypes();
            if (!produces.isEmpty() && produces.stream().noneMatch(t -> t.isCompatibleWith(
                    org.springframework.http.MediaType.TEXT_HTML))) {
                return;
            }
            for (String pattern : info.getPatternValues()) {
                pages.addAll(expand(pattern, real));
            }
        });
        return List.copyOf(pages);
    }

    private static List<String> expand(String pattern, Map<String, String> real) {
        Matcher m = VARIABLE.matcher(pattern);
        if (!m.find()) {
            return List.of(pattern);
        }
        List<String> values;
        if (m.group(2) != null) {
            values = List.of(m.group(2).split("\\|"));
        } else {
            String sample = SAMPLES.get(m.group(1));
            assertThat(sample).as("a sample value for {%s} in %s", m.group(1), pattern).isNotNull();
            values = List.of(real.getOrDefault(sample, sample));
        }
        List<String> expanded = new ArrayList<>();
        for (String value : values) {
            expanded.addAll(expand(pattern.substring(0, m.start()) + value + pattern.substring(m.end()), real));
        }
        return expanded;
    }

    private static String axe() throws IOException {
        try (InputStream in = ConsoleAccessibilityTests.class.getClassLoader().getResourceAsStream(AXE)) {
            assertThat(in).as("axe-core on the test class path").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
