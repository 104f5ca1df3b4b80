package io.cilicensing.workbench;

import static io.cilicensing.workbench.Browser.visible;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The workbench on a server set up differently from {@link WorkbenchBrowserTest}'s: no admin token,
 * and a scenarios directory of its own with a scenario the real rules fail (the gate is off, so
 * the server starts). The Change view says how to configure a token; the Scenarios view shows
 * the failure's differences.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"rules.admin-token=", "rules.watch=false", "rules.gate=false", "decisions.log.enabled=false"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkbenchOtherServerTest {
    private static final String FAILING = """
            name: expects the example tenant to be non-compliant, which it is not
            covers: [ENT-01]
            request:
              asOf: 2024-07-01T09:00:00Z
              tenant: { id: contoso, homeGeo: US }
              licenses: [ { id: L1, sku: CI_BASE, purchasedOn: 2023-10-02 } ]
            expect:
              verdict: NON_COMPLIANT
              entitlements: { interactedPeople: 12345 }
            """;

    @DynamicPropertySource
    static void scenariosOfItsOwn(DynamicPropertyRegistry registry) {
        try {
            Path dir = Files.createTempDirectory("workbench-scenarios");
            Files.writeString(dir.resolve("wrong-expectation.yaml"), FAILING);
            registry.add("rules.scenarios-dir", dir::toString);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @LocalServerPort
    int port;

    private WebDriver driver;

    @BeforeAll
    void startBrowser() {
        driver = Browser.start(1280);
    }

    @BeforeEach
    void requireBrowser() {
        Browser.requireInstalled();
    }

    @AfterAll
    void stopBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    void validatingSaysTheServerHasNoAdminTokenAndHowToConfigureOne() {
        Browser.open(driver, port, "#change");
        driver.findElement(By.id("add-file")).click();
        driver.findElement(By.cssSelector(".candidate .cand-text")).sendKeys("package t;\n");

        driver.findElement(By.id("validate")).click();

        String help = visible(driver, "#admin-disabled").getText();
        assertThat(help).contains("no admin token configured", "RULES_ADMIN_TOKEN", "rules.admin-token");
        assertThat(driver.findElements(By.id("validation"))).isEmpty();
    }

    @Test
    void aFailingScenarioShowsEachDifferenceWithPathExpectedAndGot() {
        Browser.open(driver, port, "#scenarios");

        driver.findElement(By.id("run-scenarios")).click();

        assertThat(visible(driver, "#scenario-summary").getText()).contains("1 scenarios run", "0 passed", "1 failed");
        String failing = driver.findElement(By.id("failing-scenarios")).getText();
        assertThat(failing).contains("wrong-expectation.yaml", "expects the example tenant to be non-compliant");
        List<List<String>> rows = driver.findElements(By.cssSelector("#failing-scenarios table.diffs tbody tr")).stream()
                .map(tr -> tr.findElements(By.tagName("td")).stream().map(WebElement::getText).toList()).toList();
        // values as the scenario matcher states them (JSON: strings quoted), as the CLI prints them
        assertThat(rows).contains(List.of("verdict", "\"NON_COMPLIANT\"", "\"COMPLIANT\""),
                List.of("entitlements.interactedPeople", "12345", "10000"));
        // the real rules fire many rules this one scenario does not reach
        assertThat(driver.findElements(By.cssSelector("#never-fired a.rule-link"))).isNotEmpty();
    }
}
