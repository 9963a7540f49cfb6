package io.footbridge.browser;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.time.Duration;

/** The machine's own Chromium, headless, for the browser tests. */
final class Chromium {

    private static final File BINARY = new File("/usr/bin/chromium");
    private static final File DRIVER = new File("/usr/bin/chromedriver");

    /** A phone's viewport. */
    static final String PHONE = "390,844";
    static final String DESKTOP = "1280,900";

    private Chromium() {
    }

    /** A new browser of this window size ("width,height"); skips the tests when there is no Chromium, except on CI. */
    static ChromeDriver open(String windowSize) {
        return open(windowSize, null);
    }

    /** A new browser of this window size that saves what it downloads into {@code downloads} without asking. */
    static ChromeDriver open(String windowSize, java.nio.file.Path downloads) {
        // CI installs Chromium; elsewhere a missing one skips these tests rather than failing them
        if (System.getenv("CI") == null) {
            Assumptions.assumeTrue(BINARY.canExecute() && DRIVER.canExecute(), "no Chromium installed");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                "--window-size=" + windowSize);
        if (downloads != null) {
            options.setExperimentalOption("prefs", java.util.Map.of(
                    "download.default_directory", downloads.toAbsolutePath().toString(),
                    "download.prompt_for_download", false));
        }
        ChromeDriver browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(DRIVER)
                .build(), options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
        // a click that submits a form may return before the next page is there: look for a while, not once
        browser.manage().timeouts().implicitlyWait(Duration.ofSeconds(5));
        return browser;
    }

    /**
     * Clicks something that loads a new page and returns once the old page is gone, so that what is looked up next
     * is not found, a moment too early, on the page being left (the login page carries the language links too).
     */
    static void clickToNextPage(ChromeDriver browser, WebElement target) {
        // a mark on the page being left: the next page does not carry it
        browser.executeScript("window.__leaving = true");
        target.click();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (!Boolean.TRUE.equals(browser.executeScript("return window.__leaving === true"))
                        && "complete".equals(browser.executeScript("return document.readyState"))) {
                    return;
                }
            } catch (WebDriverException navigating) {
                // the page went away while it was asked: look again
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("the click did not lead to another page within 20 s");
    }

    /** Fills the console's sign-in form on the page shown and submits it, returning once the next page is there. */
    static void signIn(ChromeDriver browser, String user, String password) {
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(password);
        clickToNextPage(browser, browser.findElement(By.cssSelector("button[type=submit]")));
    }
}
