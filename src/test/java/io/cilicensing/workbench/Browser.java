package io.cilicensing.workbench;

import io.cilicensing.MissingTool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium for the workbench's browser tests: Debian's {@code chromium} driven through
 * Debian's {@code chromedriver}, both named explicitly so Selenium Manager is never asked to find
 * or download anything. Override the paths with {@code -Dworkbench.chromium=...} and
 * {@code -Dworkbench.chromedriver=...}.
 *
 * <p>Missing browser: on CI ({@code CI=true}, where {@code .ci/run} installs both packages) that is
 * a failure; on a developer's machine the browser tests are skipped with a message saying what
 * to install, so {@code mvn -B verify} still runs everything else there.
 */
final class Browser {
    static final Path CHROMIUM = Path.of(System.getProperty("workbench.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("workbench.chromedriver", "/usr/bin/chromedriver"));
    /**
     * The longest a test waits for the page to show something. Validate and apply compile and gate
     * the whole ruleset in the worker process: seconds alone, but with test classes running in
     * parallel on two cores it has taken over 20 s. Only a failing test waits this long.
     */
    static final Duration WAIT = Duration.ofSeconds(60);

    private Browser() {}

    static boolean installed() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /**
     * Called before each browser test, so that a missing browser skips (or, on CI, fails) every test
     * on its own and Maven counts them, rather than aborting the class before any test ran.
     */
    static void requireInstalled() {
        if (!installed()) {
            MissingTool.skipOrFail("browser tests need " + CHROMIUM + " and " + CHROMEDRIVER
                    + " (apt-get install -y chromium chromium-driver)");
        }
    }

    /** A new headless browser, {@code width} x 1000 pixels, with an empty profile of its own; null without one. */
    static WebDriver start(int width) {
        if (!installed()) {
            return null;
        }
        // Named explicitly: with the driver's path set, Selenium does not run Selenium Manager.
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
        Path profile;
        try {
            profile = Files.createTempDirectory("workbench-chromium");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--window-size=" + width + ",1000");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /** Opens the workbench at {@code hash} and waits until its scripts have loaded the ruleset and scenarios. */
    static void open(WebDriver driver, int port, String hash) {
        driver.get("http://localhost:" + port + "/workbench/" + hash);
        waitFor(driver).until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
    }

    static WebDriverWait waitFor(WebDriver driver) {
        return new WebDriverWait(driver, WAIT);
    }

    static WebElement visible(WebDriver driver, String css) {
        return waitFor(driver).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    /**
     * Saves the whole page (not just the window) as {@code target/workbench-screenshots/<name>.png},
     * for a person to look at after the run.
     */
    static Path screenshot(WebDriver driver, String name) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "workbench-screenshots"));
            org.openqa.selenium.Dimension before = driver.manage().window().getSize();
            long height = (Long) ((org.openqa.selenium.JavascriptExecutor) driver)
                    .executeScript("return document.documentElement.scrollHeight");
            // a window as tall as the page, so one ordinary screenshot holds all of it at its real width
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(before.getWidth(), (int) height + 140));
            byte[] png = ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(org.openqa.selenium.OutputType.BYTES);
            driver.manage().window().setSize(before);
            Path file = dir.resolve(name + ".png");
            Files.write(file, png);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces a textarea's or input's text as a person pasting would (and fires its input event). */
    static void setText(WebDriver driver, WebElement field, String text) {
        ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
                "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input'));", field, text);
    }
}
