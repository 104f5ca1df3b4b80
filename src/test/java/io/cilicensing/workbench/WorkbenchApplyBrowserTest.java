package io.cilicensing.workbench;

import static io.cilicensing.workbench.Browser.visible;
import static io.cilicensing.workbench.Browser.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.cilicensing.engine.RulesetCompiler;
import io.cilicensing.web.PrivateRules;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The analyst's whole loop in headless Chromium, against a server whose rules directory is a
 * private copy of {@code rules/} (the page writes into it), with a decision log and history of its
 * own and a scenario gate of one real scenario that a quota does not decide: start from the live
 * rules, edit a quota, compare, see a compile error at its line, apply with a message, see the
 * version and its impact in the history, roll back.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"rules.admin-token=" + WorkbenchApplyBrowserTest.TOKEN,
                // apply runs the candidate in the worker: started (and warmed) at once, not on the first click
                "rules.worker.start-delay=0s"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkbenchApplyBrowserTest {
    static final String TOKEN = "workbench-apply-token";
    /** A rule's id in DRL: {@code @id("ENT-01")}. */
    private static final Pattern ID = Pattern.compile("@id\\(\\s*\"([^\"]+)\"\\s*\\)");
    private static Path rules;

    @DynamicPropertySource
    static void privateRulesLogAndHistory(DynamicPropertyRegistry registry) {
        rules = PrivateRules.register(registry, "workbench-apply");
    }

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

    /** Each test on a freshly loaded page (no script replaced by another test) and an empty session. */
    @BeforeEach
    void freshPage() {
        Browser.requireInstalled();
        driver.get("http://localhost:" + port + "/workbench/example.json");
        ((JavascriptExecutor) driver).executeScript("sessionStorage.clear()");
    }

    private WebElement candidate(String file) {
        return driver.findElement(By.cssSelector(".candidate[data-file='" + file + "']"));
    }

    private List<String> texts(String css) {
        return driver.findElements(By.cssSelector(css)).stream().map(WebElement::getText).toList();
    }

    @Test
    void aFailingScenarioIsMarkedAtTheLineOfTheRuleItNames() {
        SortedMap<String, String> live = RulesetCompiler.readDirectory(rules);
        String file = live.keySet().stream().filter(f -> ID.matcher(live.get(f)).find()).findFirst().orElseThrow();
        Matcher id = ID.matcher(live.get(file));
        assertThat(id.find()).isTrue();
        int line = (int) live.get(file).substring(0, id.start()).chars().filter(c -> c == '\n').count() + 1;
        Browser.open(driver, port, "#change");
        driver.findElement(By.id("start-from-live")).click();
        waitFor(driver).until(d -> d.findElements(By.cssSelector(".candidate")).size() == live.size());
        // the server's answer for a candidate failing a scenario whose expectation names that rule
        ((JavascriptExecutor) driver).executeScript("""
                const real = window.fetch;
                window.fetch = (url, init) => String(url).endsWith('/v1/ruleset/validate')
                    ? Promise.resolve(new Response(JSON.stringify({liveVersion: 'x', attempt: {outcome: 'SCENARIOS_FAILED',
                        message: '1 of 1 scenarios fail', errors: [], scenariosRun: 1, failingScenarios: [{file: 's.yaml',
                        name: 's', differences: [{path: 'fired', expected: 'fired: ' + arguments[0], actual: 'not fired'}]}]}}),
                        {status: 422, headers: {'Content-Type': 'application/json'}}))
                    : real(url, init);""", id.group(1));

        driver.findElement(By.id("validate")).click();

        WebElement marked = visible(driver, ".candidate[data-file='" + file + "'] .line-note.scen");
        assertThat(marked.getAttribute("data-line")).isEqualTo(String.valueOf(line));
        assertThat(marked.getText()).contains(file + ":" + line, "s.yaml", id.group(1));
        assertThat(driver.findElements(By.cssSelector(".line-note.scen"))).hasSize(1);
    }

    @Test
    void anAnalystStartsFromTheLiveRulesComparesAppliesWithAMessageAndRollsBack() throws Exception {
        SortedMap<String, String> live = RulesetCompiler.readDirectory(rules);
        String first = RulesetCompiler.version(live);
        String policy = live.get("policy.drl");
        Matcher quota = PrivateRules.QUOTA.matcher(policy);
        assertThat(quota.find()).as("policy.drl has a whole-number quota function").isTrue();
        String doubled = String.valueOf(Long.parseLong(quota.group(2)) * 2);
        String edited = policy.substring(0, quota.start()) + quota.group(1) + doubled + quota.group(3)
                + policy.substring(quota.end());
        int quotaLine = (int) policy.substring(0, quota.start()).chars().filter(c -> c == '\n').count() + 1;
        // one logged decision for the impact to replay
        Browser.open(driver, port, "#decide");
        driver.findElement(By.id("decide")).click();
        visible(driver, "#verdict");
        Browser.open(driver, port, "#change");
        driver.findElement(By.id("admin-token")).sendKeys(TOKEN);
        driver.findElement(By.id("use-token")).click();

        // start from the live rules: every file in an editor with line numbers
        driver.findElement(By.id("start-from-live")).click();
        waitFor(driver).until(d -> d.findElements(By.cssSelector(".candidate")).size() == live.size());
        assertThat(driver.findElement(By.id("base-version-code")).getAttribute("title")).isEqualTo(first);
        List<WebElement> numbers = candidate("policy.drl").findElements(By.cssSelector(".gutter span"));
        assertThat(numbers).hasSize(policy.split("\n", -1).length);
        assertThat(numbers.get(quotaLine - 1).getAttribute("textContent")).isEqualTo(String.valueOf(quotaLine));

        // edit one quota and compare: one file changed, the old line out and the new one in
        Browser.setText(driver, candidate("policy.drl").findElement(By.cssSelector(".cand-text")), edited);
        driver.findElement(By.id("compare")).click();
        WebElement diff = visible(driver, ".file-diff[data-file='policy.drl']");
        assertThat(diff.getAttribute("data-change")).isEqualTo("changed");
        assertThat(texts(".file-diff[data-file='policy.drl'] .del")).containsExactly("- " + policy.lines().toList().get(quotaLine - 1));
        assertThat(texts(".file-diff[data-file='policy.drl'] .add")).containsExactly("+ " + edited.lines().toList().get(quotaLine - 1));
        assertThat(driver.findElements(By.cssSelector(".file-diff"))).hasSize(1);

        // a file that does not compile: validate marks its line in the editor
        driver.findElement(By.id("add-file")).click();
        WebElement added = driver.findElements(By.cssSelector(".candidate")).get(live.size());
        WebElement name = added.findElement(By.cssSelector(".cand-name"));
        name.clear();
        name.sendKeys("broken.drl");
        Browser.setText(driver, added.findElement(By.cssSelector(".cand-text")),
                "package t;\nimport io.cilicensing.facts.*;\nrule \"X-01 broken\"\nwhen\n  License( quantity > )\nthen\nend\n");
        driver.findElement(By.id("validate")).click();
        assertThat(visible(driver, "#validation").getText()).contains("COMPILE_FAILED");
        WebElement marked = visible(driver, ".candidate[data-file='broken.drl'] .gutter span.err");
        assertThat(marked.getAttribute("data-line")).isEqualTo("5");
        assertThat(texts(".candidate[data-file='broken.drl'] .line-note .where")).contains("broken.drl:5");
        Browser.screenshot(driver, "change-error-at-line-1280");
        added.findElement(By.xpath(".//button[text()='Remove']")).click();

        // apply with a message: the new version is live, with its impact
        driver.findElement(By.id("apply-message")).sendKeys("double the first quota, as agreed");
        driver.findElement(By.id("apply")).click();
        waitFor(driver).until(ExpectedConditions.textToBePresentInElementLocated(By.id("apply-outcome"), "LIVE"));
        String second = RulesetCompiler.version(RulesetCompiler.readDirectory(rules));
        assertThat(second).isNotEqualTo(first);
        assertThat(driver.findElement(By.id("apply-live-version")).getAttribute("title")).isEqualTo(second);
        assertThat(driver.findElement(By.id("apply-impact")).getText()).contains("CHANGED", "1 of 1 recent decisions change");
        waitFor(driver).until(d -> d.findElements(By.cssSelector(".history-entry")).size() == 2);
        WebElement newest = driver.findElements(By.cssSelector(".history-entry")).get(0);
        assertThat(newest.getAttribute("data-version")).isEqualTo(second);
        assertThat(newest.getText()).contains("apply", "admin", "double the first quota, as agreed", "changed policy.drl",
                "LIVE", "1 of 1 recent decisions change");
        waitFor(driver).until(ExpectedConditions.textToBePresentInElementLocated(By.id("ruleset-badge"), second.substring(0, 12)));
        Browser.screenshot(driver, "change-applied-1280");

        // roll back to the first version from the history
        WebElement start = driver.findElement(By.cssSelector(".history-entry[data-version='" + first + "']"));
        start.findElement(By.cssSelector(".rollback-message")).sendKeys("back to the start");
        start.findElement(By.cssSelector("button.rollback")).click();

        waitFor(driver).until(d -> d.findElements(By.cssSelector(".history-entry")).size() == 3);
        WebElement rolledBack = driver.findElements(By.cssSelector(".history-entry")).get(0);
        assertThat(rolledBack.getAttribute("data-version")).isEqualTo(first);
        assertThat(rolledBack.getText()).contains("rollback", "back to the start", "LIVE");
        assertThat(RulesetCompiler.readDirectory(rules)).isEqualTo(live);
        waitFor(driver).until(ExpectedConditions.textToBePresentInElementLocated(By.id("ruleset-badge"), first.substring(0, 12)));
        assertThat(driver.findElement(By.id("base-version-code")).getAttribute("title")).isEqualTo(first);
        Browser.screenshot(driver, "change-history-1280");
    }
}
