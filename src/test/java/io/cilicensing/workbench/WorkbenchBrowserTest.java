package io.cilicensing.workbench;

import static io.cilicensing.workbench.Browser.visible;
import static io.cilicensing.workbench.Browser.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The workbench in a real browser (headless Chromium) against the real server, its real rules
 * ({@code rules/}) and scenarios ({@code test-scenarios/}), on a random port.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"rules.admin-token=" + WorkbenchBrowserTest.TOKEN, "rules.watch=false",
                // validate and impact run in the worker: started (and warmed) at once, not on the first click
                "rules.worker.start-delay=0s"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkbenchBrowserTest {
    static final String TOKEN = "workbench-test-token";
    private static final ObjectMapper JSON = new ObjectMapper();

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

    @BeforeEach
    void freshSession() {
        Browser.requireInstalled();
        if (driver != null) {
            driver.get("http://localhost:" + port + "/workbench/example.json");
            ((JavascriptExecutor) driver).executeScript("sessionStorage.clear()");
        }
    }

    private WebElement facts() {
        return driver.findElement(By.id("facts"));
    }

    private List<String> texts(String css) {
        return driver.findElements(By.cssSelector(css)).stream().map(WebElement::getText).toList();
    }

    @Test
    void rootRedirectsToTheWorkbenchPage() {
        driver.get("http://localhost:" + port + "/");
        waitFor(driver).until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
        assertThat(driver.getCurrentUrl()).isEqualTo("http://localhost:" + port + "/workbench/");
        assertThat(visible(driver, "#view-decide").isDisplayed()).isTrue();
        assertThat(driver.findElement(By.id("view-rules")).isDisplayed()).isFalse();
    }

    @Test
    void decidesTheContractExampleShowingVerdictFindingQuotasAndRequestOutcome() throws Exception {
        Browser.open(driver, port, "#decide");
        JsonNode loaded = JSON.readTree(facts().getAttribute("value"));
        assertThat(loaded.path("tenant").path("id").asText()).isEqualTo("contoso");

        driver.findElement(By.id("decide")).click();

        assertThat(visible(driver, "#verdict").getText()).contains("COMPLIANT").doesNotContain("NON_COMPLIANT");
        WebElement finding = visible(driver, "#findings .finding.sev-VIOLATION");
        assertThat(finding.getText()).contains("STANDALONE_RENEWAL_NOT_ELIGIBLE", "requests/R1",
                "FAQ > Pricing and licensing");
        assertThat(driver.findElement(By.cssSelector("#requests [data-request='R1']")).getText()).contains("DENIED");
        WebElement people = driver.findElement(By.cssSelector(".quota[data-entitlement='interactedPeople']"));
        assertThat(people.getText()).contains("12,000 of 20,000");
        assertThat(people.getAttribute("class")).doesNotContain("over");
        // the raw JSON is one click away, and it is the decision itself
        driver.findElement(By.cssSelector("#raw-json summary")).click();
        JsonNode raw = JSON.readTree(visible(driver, "#raw-json pre").getText());
        assertThat(raw.path("verdict").asText()).isEqualTo("COMPLIANT");
        driver.findElement(By.cssSelector("#raw-json summary")).click();
        // a COMPLIANT verdict beside a DENIED request is explained
        assertThat(driver.findElement(By.id("verdict-note")).getText()).contains("never changes the verdict");
        // structured entitlements read as labelled values, not JSON
        WebElement other = driver.findElement(By.cssSelector("#entitlements .other-entitlements"));
        assertThat(other.getText()).contains("Email throughput", "Messages per hour", "Basis", "STANDARD",
                "App installs", "JOURNEYS_REAL_TIME", "UNLIMITED", "Dataverse", "Base grants").doesNotContain("{");
        // the README's picture of the Decide view is this one, taken from the current tree
        Path shot = Browser.screenshot(driver, "decide-1280");
        Files.copy(shot, Path.of("docs", "workbench-decide.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void thePageHasAFavicon() throws Exception {
        Browser.open(driver, port, "#decide");
        String href = driver.findElement(By.cssSelector("link[rel='icon']")).getAttribute("href");
        java.net.http.HttpResponse<String> icon = io.cilicensing.web.Http.get(port, java.net.URI.create(href).getPath());
        assertThat(icon.statusCode()).isEqualTo(200);
        assertThat(icon.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("image/svg+xml"));
    }

    @Test
    void anOverQuotaStandsOutAndDeadlinesSitOnATimelineAroundAsOf() throws Exception {
        String facts = new String(getClass().getResourceAsStream("/workbench/over-quota-with-deadlines.json")
                .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        Browser.open(driver, port, "#decide");
        Browser.setText(driver, facts(), facts);

        driver.findElement(By.id("decide")).click();

        assertThat(visible(driver, "#verdict").getText()).contains("NON_COMPLIANT");
        WebElement people = driver.findElement(By.cssSelector(".quota[data-entitlement='interactedPeople']"));
        assertThat(people.getAttribute("class")).contains("over");
        assertThat(people.getText()).contains("34,000 of 30,000", "over by 4,000");
        assertThat(driver.findElement(By.cssSelector(".quota[data-entitlement='unifiedPeople']"))
                .getAttribute("class")).doesNotContain("over");
        assertThat(driver.findElement(By.cssSelector("#findings")).getText()).contains("INTERACTED_PEOPLE_OVER_QUOTA");
        assertThat(texts("#deadlines .deadline-list li")).hasSize(3)
                .allSatisfy(d -> assertThat(d).contains("OPEN", "TRN-07"))
                .anySatisfy(d -> assertThat(d).contains("2025-08-31", "STANDALONE_RENEWAL_CONTRACT", "in 426 days"));
        assertThat(driver.findElements(By.cssSelector("#deadlines .timeline .marker.deadline"))).hasSize(3);
        assertThat(driver.findElements(By.cssSelector("#deadlines .timeline .marker.asof"))).hasSize(1);
        Browser.screenshot(driver, "decide-over-quota-1280");
    }

    @Test
    void aFindingOrGrantThatRestsOnAnInterpretationShowsItsMarkerAndText() {
        // a German tenant's standalone renewal (GEO-08 reads the policy) beside an active CI base
        // (GEO-01 quotes it; ENT-01's grant reads it)
        String facts = """
                { "asOf": "2024-07-01", "tenant": { "id": "berlin", "homeGeo": "DE" },
                  "licenses": [ { "id": "L1", "sku": "CI_BASE", "purchasedOn": "2023-10-02" } ],
                  "requests": [ { "id": "R1", "type": "STANDALONE_RENEWAL", "sku": "MARKETING_STANDALONE",
                                  "contractedOn": "2024-06-01" } ] }
                """;
        Browser.open(driver, port, "#decide");
        Browser.setText(driver, facts(), facts);

        driver.findElement(By.id("decide")).click();

        WebElement info = visible(driver, "#findings .finding.sev-INFO");
        assertThat(info.getText()).contains("STANDALONE_MODEL_CONTINUES");
        assertThat(info.findElement(By.cssSelector(".interpretation")).getText())
                .startsWith("INTERPRETATION").contains("standalone");
        WebElement violation = driver.findElement(By.cssSelector("#findings .finding.sev-VIOLATION"));
        assertThat(violation.getText()).contains("COMBINED_OFFER_NOT_AVAILABLE_IN_GEO");
        assertThat(violation.findElements(By.cssSelector(".interpretation"))).isEmpty();
        assertThat(driver.findElement(By.id("interpreted-grants")).getText()).contains("ENT-01", "once");
        Browser.screenshot(driver, "decide-interpretation-1280");
    }

    @Test
    void onAHalfScreenLaptopWindowTheDecisionNeedsNoSidewaysScrolling() {
        WebDriver narrow = Browser.start(640);
        try {
            Browser.open(narrow, port, "#decide");
            narrow.findElement(By.id("decide")).click();
            visible(narrow, "#verdict");
            JavascriptExecutor js = (JavascriptExecutor) narrow;
            long scrollWidth = (Long) js.executeScript("return document.documentElement.scrollWidth");
            long clientWidth = (Long) js.executeScript("return document.documentElement.clientWidth");
            assertThat(scrollWidth).isLessThanOrEqualTo(clientWidth);
            // the editor sits above the answer instead of beside it
            int editorBottom = narrow.findElement(By.id("decide")).getRect().getY();
            assertThat(narrow.findElement(By.id("verdict")).getRect().getY()).isGreaterThan(editorBottom);
            Browser.screenshot(narrow, "decide-640");
            narrow.get("http://localhost:" + port + "/workbench/#rules");
            visible(narrow, ".rule");
            assertThat((Long) js.executeScript("return document.documentElement.scrollWidth"))
                    .isLessThanOrEqualTo((Long) js.executeScript("return document.documentElement.clientWidth"));
        } finally {
            narrow.quit();
        }
    }

    @Test
    void aFindingsRuleLinkOpensThatRuleInTheRulesView() {
        Browser.open(driver, port, "#decide");
        driver.findElement(By.id("decide")).click();
        WebElement link = visible(driver, "#findings .finding a.rule-link");
        assertThat(link.getText()).isEqualTo("TRN-06");

        link.click();

        WebElement rule = visible(driver, "#rule-TRN-06");
        assertThat(driver.getCurrentUrl()).endsWith("#rules/TRN-06");
        assertThat(driver.findElement(By.id("view-decide")).isDisplayed()).isFalse();
        assertThat(rule.getAttribute("class")).contains("target");
        assertThat(rule.getText()).contains("TRN-06", "transition-windows.drl");
        Browser.screenshot(driver, "rules-followed-link-1280");
        assertThat(driver.switchTo().activeElement().getAttribute("id")).isEqualTo("rule-TRN-06");
    }

    @Test
    void theViewsAreReachableFromTheKeyboardAndEveryControlHasALabel() {
        Browser.open(driver, port, "#decide");
        org.openqa.selenium.interactions.Actions keys = new org.openqa.selenium.interactions.Actions(driver);

        driver.findElement(By.cssSelector(".skip")).sendKeys(org.openqa.selenium.Keys.ENTER);
        assertThat(driver.switchTo().activeElement().getAttribute("id")).isEqualTo("main");
        assertThat(driver.getCurrentUrl()).endsWith("#decide"); // the skip link keeps the view
        driver.findElement(By.cssSelector(".top h1")).click(); // Tab on from the top of the page
        for (int i = 0; i < 10 && !"rules".equals(driver.switchTo().activeElement().getAttribute("data-tab")); i++) {
            keys.sendKeys(org.openqa.selenium.Keys.TAB).perform();
        }
        assertThat(driver.switchTo().activeElement().getAttribute("data-tab")).isEqualTo("rules");
        keys.sendKeys(org.openqa.selenium.Keys.ENTER).perform();

        assertThat(visible(driver, "#view-rules").isDisplayed()).isTrue();
        assertThat(driver.findElement(By.id("view-decide")).isDisplayed()).isFalse();
        // from the view, Tab leads into its controls: the search box comes before any rule
        for (int i = 0; i < 10 && !"rule-search".equals(driver.switchTo().activeElement().getAttribute("id")); i++) {
            keys.sendKeys(org.openqa.selenium.Keys.TAB).perform();
        }
        assertThat(driver.switchTo().activeElement().getAttribute("id")).isEqualTo("rule-search");

        driver.get("http://localhost:" + port + "/workbench/#change");
        driver.findElement(By.id("add-file")).click();
        @SuppressWarnings("unchecked")
        List<String> unlabelled = (List<String>) ((JavascriptExecutor) driver).executeScript("""
                return [...document.querySelectorAll('input, select, textarea, button')]
                  .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')
                               && !(e.tagName === 'BUTTON' && e.textContent.trim()))
                  .map(e => e.outerHTML);""");
        assertThat(unlabelled).isEmpty();
    }

    @Test
    void rulesViewShowsTheLiveRulesetByFamilyAndSearches() {
        Browser.open(driver, port, "#rules");
        assertThat(visible(driver, "#ruleset-version").getText()).hasSize(64);
        assertThat(driver.findElement(By.id("last-reload")).getText()).contains("LIVE");
        assertThat(texts(".family h3")).anySatisfy(t -> assertThat(t).startsWith("ENT"))
                .anySatisfy(t -> assertThat(t).startsWith("GEO")).anySatisfy(t -> assertThat(t).startsWith("DEF"));

        driver.findElement(By.id("rule-search")).sendKeys("GEO-07");

        waitFor(driver).until(d -> d.findElements(By.cssSelector(".rule")).size() == 1);
        assertThat(driver.findElement(By.cssSelector(".rule")).getAttribute("id")).isEqualTo("rule-GEO-07");
        assertThat(driver.findElement(By.id("rule-count")).getText()).contains("1 rule ids");
    }

    @Test
    void aRulesInterpretationAndLineAreShownWhenTheServerStatesThem() {
        // GET /v1/ruleset gains rules[].interpretation and .line on another branch; until it does,
        // the answer is completed in the browser (only where the server left them out).
        WebDriver own = Browser.start(1280);
        try {
            ((org.openqa.selenium.chrome.ChromeDriver) own).executeCdpCommand("Page.addScriptToEvaluateOnNewDocument",
                    java.util.Map.of("source", """
                            const realFetch = window.fetch;
                            window.fetch = async (url, init) => {
                              const res = await realFetch(url, init);
                              if (!String(url).endsWith('/v1/ruleset')) return res;
                              const body = await res.json();
                              for (const r of body.rules) {
                                if (r.id === 'GEO-07' && !r.interpretation) r.interpretation = 'read as: no move between geos';
                                if (r.id === 'GEO-07' && !r.line) r.line = 57;
                              }
                              return new Response(JSON.stringify(body), {status: res.status, headers: res.headers});
                            };"""));
            Browser.open(own, port, "#rules/GEO-07");

            WebElement rule = visible(own, "#rule-GEO-07");
            assertThat(rule.findElement(By.cssSelector(".interpretation")).getText()).isNotBlank();
            assertThat(rule.findElement(By.cssSelector(".where")).getText()).matches("geo-availability\\.drl:\\d+");
            assertThat(rule.getText()).contains("Interpretation");
        } finally {
            own.quit();
        }
    }

    @Test
    void loadsAScenariosRequestIntoTheEditorAndDecidesIt() throws Exception {
        String file = "geo/migration-geo-to-geo-is-denied.yaml";
        JsonNode expected = new ObjectMapper(new YAMLFactory())
                .readTree(Path.of("test-scenarios", file).toFile()).get("request");
        Browser.open(driver, port, "#decide");
        Select scenarios = new Select(driver.findElement(By.id("scenario-select")));
        WebElement option = scenarios.getOptions().stream().filter(o -> o.getText().startsWith(file + " "))
                .findFirst().orElseThrow();

        scenarios.selectByVisibleText(option.getText());
        driver.findElement(By.id("load-scenario")).click();

        assertThat(JSON.readTree(facts().getAttribute("value"))).isEqualTo(JSON.readTree(JSON.writeValueAsString(expected)));
        assertThat(driver.findElement(By.id("facts-origin")).getText()).contains(file);
        facts().sendKeys(org.openqa.selenium.Keys.chord(org.openqa.selenium.Keys.CONTROL, org.openqa.selenium.Keys.ENTER));
        visible(driver, "#verdict");
        assertThat(driver.findElement(By.cssSelector("#requests [data-request='R1']")).getText()).contains("DENIED");
    }

    @Test
    void aFactSetWithBadFieldsShowsEachViolationWithItsPath() {
        Browser.open(driver, port, "#decide");
        facts().clear();
        facts().sendKeys("""
                {"asOf": "2024-07-01", "tenant": {"id": "t", "homeGeo": "US"},
                 "licenses": [{"id": "L1", "sku": "NOPE", "purchasedOn": "2024-01-01"}],
                 "usage": {"interactedPeople": -3}}""");

        driver.findElement(By.id("decide")).click();

        assertThat(visible(driver, "#decide-error").getText()).contains("400", "INVALID_FACTS");
        assertThat(texts("#decide-error .violation-path")).contains("licenses[0].sku", "usage.interactedPeople");
        assertThat(driver.findElements(By.id("verdict"))).isEmpty();
    }

    @Test
    void aFactSetThatIsNotJsonShowsWhereItBreaks() {
        Browser.open(driver, port, "#decide");
        facts().clear();
        facts().sendKeys("{\"asOf\": \"2024-07-01\",\n \"tenant\": }");

        driver.findElement(By.id("decide")).click();

        assertThat(visible(driver, "#decide-error").getText()).contains("MALFORMED_JSON", "line 2, column");
    }

    @Test
    void runsTheScenarioSuiteAgainstTheLiveRuleset() throws Exception {
        long scenarioFiles;
        try (Stream<Path> walk = Files.walk(Path.of("test-scenarios"))) {
            scenarioFiles = walk.filter(p -> p.toString().endsWith(".yaml")).count();
        }
        Browser.open(driver, port, "#scenarios");

        driver.findElement(By.id("run-scenarios")).click();

        String summary = visible(driver, "#scenario-summary").getText();
        assertThat(summary).contains(scenarioFiles + " scenarios run", scenarioFiles + " passed", "0 failed");
        assertThat(driver.findElement(By.id("never-fired")).getText()).startsWith("Rules no scenario fires");
        Browser.screenshot(driver, "scenarios-1280");
    }

    private void useToken() {
        Browser.open(driver, port, "#change");
        driver.findElement(By.id("admin-token")).sendKeys(TOKEN);
        driver.findElement(By.id("use-token")).click();
        assertThat(driver.findElement(By.id("token-status")).getText()).contains("set for this browser session");
        assertThat(driver.findElement(By.id("admin-token")).getAttribute("value")).isEmpty();
    }

    @Test
    void aCandidateThatDoesNotCompileShowsItsErrorWithFileAndLine() {
        useToken();
        driver.findElement(By.id("add-file")).click();
        WebElement name = driver.findElement(By.cssSelector(".candidate .cand-name"));
        name.clear();
        name.sendKeys("broken.drl");
        driver.findElement(By.cssSelector(".candidate .cand-text")).sendKeys(
                "package t;\n\nrule \"X-01 broken\"\nwhen\n    NoSuchFact( )\nthen\nend\n");

        driver.findElement(By.id("validate")).click();

        WebElement result = visible(driver, "#validation");
        assertThat(result.getText()).contains("COMPILE_FAILED");
        assertThat(texts("#validation .where")).isNotEmpty().allSatisfy(w -> assertThat(w).matches("broken\\.drl:\\d+"));
        assertThat(texts("#validation .where")).contains("broken.drl:5");
        Browser.screenshot(driver, "change-compile-error-1280");
    }

    @Test
    void theLiveRuleFilesUploadedUnchangedValidateAndPassTheScenarios() throws Exception {
        useToken();
        uploadLiveRules();

        driver.findElement(By.id("validate")).click();

        WebElement result = visible(driver, "#validation");
        assertThat(result.getText()).contains("VALID").doesNotContain("COMPILE_FAILED");
        assertThat(result.getText()).containsPattern("\\d+ scenarios run");
    }

    @Test
    void impactOnAServerWithoutTheEndpointSaysItIsNotAvailable() {
        useToken();
        uploadLiveRules();
        // The page's own answer to a 404 from POST /v1/ruleset/impact, whatever this server has.
        ((JavascriptExecutor) driver).executeScript("""
                const real = window.fetch;
                window.fetch = (url, init) => String(url).endsWith('/v1/ruleset/impact')
                    ? Promise.resolve(new Response('', {status: 404})) : real(url, init);""");

        driver.findElement(By.id("impact")).click();

        assertThat(visible(driver, "#impact-unavailable").getText())
                .isEqualTo("impact analysis is not available on this server");
    }

    @Test
    void aHarmlessCandidateShowsZeroImpact() {
        Browser.open(driver, port, "#decide");
        driver.findElement(By.id("decide")).click(); // one logged decision to replay
        visible(driver, "#verdict");
        useToken();
        uploadLiveRules();

        driver.findElement(By.id("impact")).click();

        assertThat(visible(driver, "#impact-outcome").getText()).isEqualTo("NO_CHANGE");
        assertThat(driver.findElement(By.id("impact-changed")).getText()).isEqualTo("0");
    }

    /** Uploads every rules/*.drl through the page's file input, as a person would. */
    private void uploadLiveRules() {
        List<Path> files;
        try (Stream<Path> list = Files.list(Path.of("rules"))) {
            files = list.filter(p -> p.toString().endsWith(".drl")).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        driver.findElement(By.id("upload-files")).sendKeys(
                files.stream().map(p -> p.toAbsolutePath().toString()).collect(Collectors.joining("\n")));
        waitFor(driver).until(d -> d.findElements(By.cssSelector(".candidate")).size() == files.size());
        assertThat(driver.findElements(By.cssSelector(".candidate .cand-name")).stream()
                .map(e -> e.getAttribute("value")).toList())
                .containsExactlyElementsOf(files.stream().map(p -> p.getFileName().toString()).toList());
    }
}
