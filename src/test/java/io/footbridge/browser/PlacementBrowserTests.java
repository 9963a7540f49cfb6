package io.footbridge.browser;

import io.footbridge.ApiTest;
import io.footbridge.Scanner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

import java.time.Duration;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** Placing a QR code in the console, downloading it as the browser would, and pointing it elsewhere. */
class PlacementBrowserTests extends ApiTest {

    private static ChromeDriver browser;

    @BeforeAll
    static void openBrowser() {
        browser = Chromium.open(Chromium.DESKTOP);
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aPlacedCodesDownloadedPngReadsAsItsShortLinkAndItsDestinationCanChange() throws Exception {
        TestTenant tenant = newTenant();
        tenant.createStore("BER-1");
        browser.manage().deleteAllCookies();
        browser.get("http://localhost:" + port + "/login");
        Chromium.signIn(browser, tenant.adminEmail(), PASSWORD);

        browser.get("http://localhost:" + port + "/console/stores/placements");
        browser.findElement(By.cssSelector("#placeStore option[value='BER-1']")).click();
        browser.findElement(By.cssSelector("#kind option[value='poster']")).click();
        browser.findElement(By.id("label")).sendKeys("Window poster autumn");
        browser.findElement(By.id("destination")).sendKeys("not a url");
        Chromium.clickToNextPage(browser, browser.findElement(By.xpath("//button[normalize-space()='Create']")));
        assertThat(browser.findElement(By.id("destination-error")).getText()).contains("URL");
        assertThat(browser.findElement(By.id("label")).getDomProperty("value")).isEqualTo("Window poster autumn");

        browser.findElement(By.id("destination")).clear();
        browser.findElement(By.id("destination")).sendKeys("https://shop.example.com/autumn");
        Chromium.clickToNextPage(browser, browser.findElement(By.xpath("//button[normalize-space()='Create']")));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Window poster autumn");
        String shortUrl = browser.findElement(By.id("short-url")).getText();
        assertThat(shortUrl).matches(".*/q/[a-z0-9]{7}");

        String href = browser.findElement(By.xpath("//a[normalize-space()='Download PNG']")).getDomProperty("href");
        String base64 = (String) browser.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch(arguments[0]).then(r => r.blob()).then(b => {
                    const reader = new FileReader();
                    reader.onload = () => done(reader.result.split(',')[1]);
                    reader.readAsDataURL(b);
                });
                """, href);
        String decoded = Scanner.qr(Base64.getDecoder().decode(base64));
        assertThat(decoded).isEqualTo(shortUrl);

        browser.findElement(By.id("destination")).clear();
        browser.findElement(By.id("destination")).sendKeys("https://shop.example.com/winter");
        Chromium.clickToNextPage(browser, browser.findElement(By.xpath("//button[normalize-space()='Save']")));
        assertThat(browser.findElement(By.cssSelector("[role=status]")).getText()).contains("new address");
        var placements = tenant.admin().get("/api/v1/placements?store=BER-1").json().get("items");
        assertThat(placements.size()).isEqualTo(1);
        assertThat(placements.get(0).get("destination").asString()).isEqualTo("https://shop.example.com/winter");
        assertThat(shortUrl).endsWith("/q/" + placements.get(0).get("code").asString());

        browser.get("http://localhost:" + port + "/console/stores/placements/sheet?store=BER-1");
        assertThat(browser.findElements(By.cssSelector(".sheet figure svg"))).hasSize(1);
        assertThat(browser.findElement(By.cssSelector(".sheet figcaption")).getText())
                .contains("Window poster autumn").contains(placements.get(0).get("code").asString().toUpperCase());
    }
}
