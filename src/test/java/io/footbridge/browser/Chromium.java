package io.footbridge.browser;

import org.junit.jupiter.api.Assumptions;
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
        // CI installs Chromium; elsewhere a missing one skips these tests rather than failing them
        if (System.getenv("CI") == null) {
            Assumptions.assumeTrue(BINARY.canExecute() && DRIVER.canExecute(), "no Chromium installed");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                "--window-size=" + windowSize);
        ChromeDriver browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(DRIVER)
                .build(), options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
        // a click that submits a form may return before the next page is there: look for a while, not once
        browser.manage().timeouts().implicitlyWait(Duration.ofSeconds(5));
        return browser;
    }
}
