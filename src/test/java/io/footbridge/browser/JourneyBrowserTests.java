package io.footbridge.browser;

import io.footbridge.ApiClient;
import io.footbridge.ApiTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Journeys in the machine's Chromium: a ready-made one switched on as a draft, and a journey's flow drawn. */
class JourneyBrowserTests extends ApiTest {

    private static ChromeDriver browser;

    @BeforeAll
    static void openBrowser() {
        browser = Chromium.open(Chromium.DESKTOP);
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aReadyMadeJourneyIsSwitchedOnAsADraftAndAJourneysFlowShowsThePeopleAtEachStep() throws Exception {
        browser.manage().deleteAllCookies();
        browser.manage().window().setSize(new Dimension(1280, 900));
        TestTenant tenant = newTenant();
        browser.get("http://localhost:" + port + "/login");
        Chromium.signIn(browser, tenant.adminEmail(), PASSWORD);

        browser.get("http://localhost:" + port + "/console/journeys");
        WebElement reminder = browser.findElement(By.cssSelector("li[data-key='event-reminder']"));
        assertThat(reminder.getText()).contains("Reminder the day before a workshop");
        Chromium.clickToNextPage(browser, reminder.findElement(By.tagName("button")));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Reminder the day before a workshop");
        assertThat(browser.findElement(By.cssSelector("[data-value=status]")).getText()).isEqualTo("Draft");
        assertThat(browser.findElement(By.cssSelector(".notice")).getText()).startsWith("Switched on as a draft");
        assertThat(tenant.admin().get("/api/v1/journeys").json().get("items")).hasSize(1);

        // a journey with a branch: two people in, one goes each way, one of them buys
        ApiClient events = anonymous.bearer(tenant.createKey("events", null, "events:write"));
        ApiClient marketer = anonymous.bearer(tenant.createKey("j", null, "journeys:read", "journeys:write"));
        var created = marketer.post("/api/v1/journeys", "{\"name\": \"Flow\", \"trigger\": {\"api\": {}},"
                + " \"steps\": [{\"setTrait\": {\"name\": \"language\", \"value\": \"de\"}},"
                + " {\"branch\": {\"if\": {\"trigger\": {\"property\": \"vip\", \"equals\": true}},"
                + " \"then\": [{\"wait\": \"P3D\"}], \"else\": [{\"wait\": \"P1D\"}]}}],"
                + " \"goal\": {\"event\": \"pos.purchase\", \"within\": \"P14D\"}}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asString();
        assertThat(marketer.post("/api/v1/journeys/" + id + "/activate", "{}").status()).isEqualTo(200);
        for (String name : List.of("ann", "ben")) {
            String email = name + "-" + UUID.randomUUID() + "@example.com";
            var sent = events.post("/api/v1/events", Map.of("eventId", "e-" + UUID.randomUUID(), "type",
                    "loyalty.signup", "occurredAt", Instant.now().minusSeconds(60).toString(), "identifiers",
                    Map.of("email", email)));
            assertThat(sent.status()).isEqualTo(201);
            awaitResolved(tenant.id());
            String person = tenant.admin().get("/api/v1/profiles?email=" + email.replace("@", "%40")).json()
                    .get("items").get(0).get("id").asString();
            assertThat(marketer.post("/api/v1/journeys/" + id + "/entries", Map.of("personId", person)).status())
                    .isEqualTo(201);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (marketer.get("/api/v1/journeys/" + id + "/stats").json().get("steps").get(3).get("waiting")
                .asLong() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }

        browser.get("http://localhost:" + port + "/console/journeys/" + id);
        WebElement flow = browser.findElement(By.cssSelector("svg.journey-flow"));
        assertThat(flow.isDisplayed()).isTrue();
        List<String> boxes = flow.findElements(By.cssSelector("g.step")).stream().map(WebElement::getText).toList();
        assertThat(boxes).as("trigger, setTrait, branch, its two waits, goal").hasSize(6);
        assertThat(boxes.get(0)).contains("entered 2");
        assertThat(boxes.get(1)).contains("setTrait").contains("done 2");
        assertThat(boxes.get(2)).contains("branch").contains("done 2");
        assertThat(boxes.get(3)).contains("wait").contains("then[0]").contains("waiting 0");
        assertThat(boxes.get(4)).contains("wait").contains("else[0]").contains("waiting 2");
        assertThat(boxes.get(5)).contains("Goal: pos.purchase P14D").contains("converted 0");
        assertThat(flow.findElements(By.cssSelector("text.edge")).stream().map(WebElement::getText).toList())
                .containsExactly("then", "else");
        // the boxes of the two ways stand side by side, under the branch
        WebElement then = flow.findElements(By.cssSelector("g.step rect")).get(3);
        WebElement otherwise = flow.findElements(By.cssSelector("g.step rect")).get(4);
        assertThat(then.getRect().getY()).isEqualTo(otherwise.getRect().getY());
        assertThat(then.getRect().getX()).isLessThan(otherwise.getRect().getX());
    }
}
