package io.footbridge.browser;

import io.footbridge.ApiTest;
import io.footbridge.FakeProviders;
import io.footbridge.InboundSms;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;

import java.time.Duration;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

/** Convert & service in the machine's Chromium: an offer created, an inbox message answered, a template previewed. */
class ConvertBrowserTests extends ApiTest {

    private static ChromeDriver browser;
    private TestTenant tenant;

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

    @BeforeEach
    void signedIn() {
        browser.manage().deleteAllCookies();
        browser.manage().window().setSize(new Dimension(1280, 900));
        tenant = newTenant();
        tenant.createStore("BER-1");
        browser.get("http://localhost:" + port + "/login");
        Chromium.signIn(browser, tenant.adminEmail(), PASSWORD);
    }

    @Test
    void aMarketerCreatesAnOfferWithItsRulesAtAPhonesWidth() {
        browser.manage().window().setSize(new Dimension(390, 844));
        browser.get("http://localhost:" + port + "/console/convert");
        Chromium.clickToNextPage(browser, browser.findElement(By.linkText("Offers")));
        Chromium.clickToNextPage(browser, browser.findElement(By.linkText("New offer")));
        browser.findElement(By.id("name")).sendKeys("Spring coffee");
        browser.findElement(By.id("percent")).sendKeys("150");
        browser.findElement(By.id("validFrom")).sendKeys(LocalDate.now().toString());
        browser.findElement(By.id("validUntil")).sendKeys(LocalDate.now().plusDays(30).toString());
        browser.findElement(By.id("minBasket")).sendKeys("5.50");
        Chromium.clickToNextPage(browser, browser.findElement(By.cssSelector("main form button[type=submit]")));
        assertThat(browser.findElement(By.id("percent-error")).getText()).as("shown next to the field").isNotBlank();
        assertThat(browser.findElement(By.id("name")).getAttribute("value")).isEqualTo("Spring coffee");

        browser.findElement(By.id("percent")).clear();
        browser.findElement(By.id("percent")).sendKeys("15");
        Chromium.clickToNextPage(browser, browser.findElement(By.cssSelector("main form button[type=submit]")));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Spring coffee");
        assertThat(browser.findElement(By.cssSelector(".notice")).getText()).isEqualTo("The offer was created.");
        assertThat(browser.findElement(By.cssSelector("[data-stat=issued]")).getText()).isEqualTo("0");

        var offers = tenant.admin().get("/api/v1/offers").json().get("items");
        assertThat(offers.size()).isEqualTo(1);
        assertThat(offers.get(0).get("percent").decimalValue()).isEqualByComparingTo("15");
        assertThat(offers.get(0).get("minBasket").asLong()).isEqualTo(550);
        Long overflow = (Long) browser.executeScript("return document.documentElement.scrollWidth - window.innerWidth");
        assertThat(overflow).as("fits a phone").isLessThanOrEqualTo(0);
    }

    @Test
    void anAgentAnswersACustomersTextAndTheAnswerReachesTheirPhone() {
        String phone = InboundSms.phone();
        new InboundSms(port, anonymous, installer, tenant.id()).receive(phone, "Can I still return the boots?");

        browser.get("http://localhost:" + port + "/console/convert/inbox");
        assertThat(browser.findElement(By.tagName("main")).getText()).contains("Can I still return the boots?");
        Chromium.clickToNextPage(browser, browser.findElement(By.partialLinkText(phone)));
        browser.findElement(By.id("text")).sendKeys("Yes, within 30 days with the receipt.");
        Chromium.clickToNextPage(browser, browser.findElement(By.cssSelector("#h-reply ~ form button[type=submit]")));
        assertThat(browser.findElement(By.cssSelector(".notice")).getText()).isEqualTo("The answer is on its way.");

        FakeProviders.Request wire = PROVIDERS.awaitSms(phone, 1).get(0);
        assertThat(wire.form().get("Body")).isEqualTo("Yes, within 30 days with the receipt.");
        assertThat(browser.findElements(By.cssSelector(".conversation li[data-direction=out]"))).hasSize(1);
    }

    @Test
    void aTemplateIsPreviewedAsItIsTypedInTheBrandsLayout() {
        browser.get("http://localhost:" + port + "/console/convert/templates/welcome/email/en");
        browser.findElement(By.id("subject")).sendKeys("Welcome, {{firstName}}");
        browser.findElement(By.id("variables")).sendKeys("firstName=Lena");
        browser.findElement(By.id("html")).sendKeys("<p>Your first coffee is on us.</p>");
        await(() -> browser.findElements(By.cssSelector("[data-preview=subject]")).stream()
                .anyMatch(e -> e.getText().equals("Welcome, Lena"))
                && browser.findElements(By.cssSelector("iframe.preview")).size() == 1);
        browser.switchTo().frame(browser.findElement(By.cssSelector("iframe.preview")));
        await(() -> browser.findElement(By.tagName("body")).getText().contains("Your first coffee is on us."));
        browser.switchTo().defaultContent();

        Chromium.clickToNextPage(browser, browser.findElement(By.cssSelector("#template-form button[type=submit]")));
        assertThat(browser.findElement(By.cssSelector(".notice")).getText()).startsWith("The template was saved");
        assertThat(tenant.admin().get("/api/v1/message-templates").json().toString())
                .contains("Your first coffee is on us.");
    }

    @Test
    void aCaseIsResolvedWithTheKeyboardAndMovesOnTheBoard() {
        var opened = tenant.admin().post("/api/v1/cases", java.util.Map.of("store", "BER-1", "subject",
                "Cold coffee", "contact", java.util.Map.of("email", "c-" + java.util.UUID.randomUUID() + "@example.com")));
        assertThat(opened.status()).as(opened.toString()).isEqualTo(201);
        browser.get("http://localhost:" + port + "/console/convert/cases/board");
        assertThat(browser.findElement(By.cssSelector("[data-status=open]")).getText()).contains("Cold coffee");
        Chromium.clickToNextPage(browser, browser.findElement(By.partialLinkText("Cold coffee")));

        org.openqa.selenium.WebElement status = browser.findElement(By.id("status"));
        status.sendKeys("Resolved");
        assertThat(status.getDomProperty("value")).as("chosen by typing").isEqualTo("resolved");
        browser.findElement(By.id("customerMessage")).sendKeys("We replaced the machine.");
        browser.findElement(By.id("customerMessage")).sendKeys(org.openqa.selenium.Keys.TAB);
        org.openqa.selenium.WebElement save = browser.switchTo().activeElement();
        assertThat(save.getText()).as("the keyboard reaches the save button next").isEqualTo("Save");
        Chromium.clickToNextPage(browser, save);
        assertThat(browser.findElement(By.cssSelector(".notice")).getText()).isEqualTo("The case was saved.");
        assertThat(browser.findElement(By.cssSelector("[data-field=status]")).getText()).isEqualTo("Resolved");

        browser.get("http://localhost:" + port + "/console/convert/cases/board");
        assertThat(browser.findElement(By.cssSelector("[data-status=resolved]")).getText()).contains("Cold coffee");
        assertThat(browser.findElement(By.cssSelector("[data-status=open]")).getText()).doesNotContain("Cold coffee");
    }

    /** Waits for what the page shows after htmx has answered, without depending on how long that takes. */
    private static void await(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("the page never showed it").isLessThan(deadline);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
