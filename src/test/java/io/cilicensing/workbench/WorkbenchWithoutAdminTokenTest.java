package io.cilicensing.workbench;

import static io.cilicensing.workbench.Browser.visible;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The Change view on a server started without an admin token: it says how to configure one. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"rules.admin-token=", "rules.watch=false", "rules.gate=false", "decisions.log.enabled=false"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkbenchWithoutAdminTokenTest {
    @LocalServerPort
    int port;

    private WebDriver driver;

    @BeforeAll
    void startBrowser() {
        driver = Browser.start(1280);
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
}
