package io.footbridge.browser;

import io.footbridge.ApiTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Data & settings in the machine's Chromium at a phone's width: an import uploaded and watched to its end. */
class DataBrowserTests extends ApiTest {

    private static ChromeDriver browser;

    @BeforeAll
    static void openBrowser() {
        browser = Chromium.open(Chromium.PHONE);
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void uploadAnImportAndWatchItFinish() throws IOException {
        TestTenant tenant = newTenant();
        Path csv = Files.createTempFile("catalogue", ".csv");
        StringBuilder rows = new StringBuilder("sku,name,category,price,currency\n");
        for (int i = 0; i < 3000; i++) {
            rows.append("SKU-").append(i).append(",Product ").append(i).append(",things,").append(100 + i)
                    .append(",EUR\n");
        }
        rows.append("BAD-1,,things,-5,EUR\n");
        Files.writeString(csv, rows, StandardCharsets.UTF_8);
        try {
            browser.manage().deleteAllCookies();
            browser.get("http://localhost:" + port + "/console/data/imports");
            Chromium.signIn(browser, tenant.adminEmail(), PASSWORD);
            assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Imports");

            browser.findElement(By.cssSelector("#kind option[value=products]")).click();
            browser.findElement(By.id("file")).sendKeys(csv.toAbsolutePath().toString());
            Chromium.clickToNextPage(browser, browser.findElement(By.cssSelector("form[enctype] button[type=submit]")));
            assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo(csv.getFileName().toString());

            // nothing here reloads the page: htmx asks for the progress until the job ends, then loads the page once
            List<String> seen = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 60_000;
            String state = "";
            while (System.currentTimeMillis() < deadline && !state.startsWith("Done")) {
                try {
                    String value = browser.findElement(By.id("import-bar")).getDomAttribute("value");
                    if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(value)) {
                        seen.add(value);
                    }
                    state = browser.findElement(By.id("import-state")).getText();
                } catch (WebDriverException swapping) {
                    // the fragment was being swapped or the page reloaded: look again
                }
                sleep(50);
            }
            assertThat(state).as("the import's state on the page").startsWith("Done")
                    .contains("3,000 imported").contains("1 left out");
            // the page may have been loaded whole between reading the bar and reading the state: read it once more
            String last = browser.findElement(By.id("import-bar")).getDomAttribute("value");
            if (!last.equals(seen.get(seen.size() - 1))) {
                seen.add(last);
            }
            System.out.printf("progress values seen: %s%n", seen);
            assertThat(seen).last().isEqualTo("100");
            assertThat(browser.findElement(By.id("h-errors")).getText()).isEqualTo("Rows left out, and why");
            assertThat(browser.findElement(By.cssSelector("[aria-labelledby=h-errors] tbody")).getText())
                    .contains("3002");
            assertThat(tenant.admin().get("/api/v1/products/SKU-2999").status()).isEqualTo(200);
            Long overflow = (Long) browser.executeScript(
                    "return document.documentElement.scrollWidth - window.innerWidth");
            assertThat(overflow).as("fits a phone").isLessThanOrEqualTo(0);
        } finally {
            Files.deleteIfExists(csv);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
