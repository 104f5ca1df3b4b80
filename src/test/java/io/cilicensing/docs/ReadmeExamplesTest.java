package io.cilicensing.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Runs every request example of README.md against a real server and checks the answer the README
 * shows, so the README cannot drift from the code.
 *
 * <p>An example is a {@code curl} command in a {@code ```bash} block of the README. Its answer is
 * the next fenced block ({@code json}, {@code ndjson} or {@code text}) when the prose between the
 * two says "answers `NNN`" (the status, checked too); an example without a shown answer must
 * answer 2xx. The comparison rule is {@link Shown}'s, and the README states it next to its first
 * example. The examples run in README order against one server with the admin token the README
 * tells the reader to start the service with, and a decision log of its own; metrics are served as by the jar.
 */
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"rules.admin-token=" + ReadmeExamplesTest.ADMIN_TOKEN, "rules.watch=false"})
class ReadmeExamplesTest {
    static final String ADMIN_TOKEN = "dev-token";
    private static final Path README = Path.of("README.md");
    private static final Path EXAMPLES = Path.of("docs/examples");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final Pattern ANSWERS = Pattern.compile("answers `(\\d{3})`");
    private static Path log;

    @DynamicPropertySource
    static void privateDecisionLog(DynamicPropertyRegistry registry) {
        try {
            log = Files.createTempDirectory("readme-examples").resolve("decisions.jsonl");
            registry.add("decisions.log.path", log::toString);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @LocalServerPort
    int port;

    /** One curl command of the README, and the answer the README shows for it (if any). */
    record Example(int line, String command, Integer status, String answerLanguage, String answer) {
        @Override
        public String toString() {
            return "README.md:" + line + ": " + command;
        }
    }

    @TestFactory
    Stream<DynamicTest> every_readme_example_answers_what_the_readme_shows() throws IOException {
        List<Example> examples = examples(Files.readAllLines(README));
        assertThat(examples).as("curl examples in README.md").isNotEmpty();
        return examples.stream().map(e -> DynamicTest.dynamicTest(e.toString(), () -> run(e)));
    }

    @Test
    void every_example_file_is_posted_by_a_readme_example_and_every_posted_file_exists() throws IOException {
        List<Example> examples = examples(Files.readAllLines(README));
        Set<String> posted = new TreeSet<>();
        for (Example e : examples) {
            Curl c = Curl.parse(e.command());
            if (c.bodyFile() != null) {
                assertThat(Path.of(c.bodyFile())).as("body file of %s", e).isRegularFile();
                posted.add(c.bodyFile());
            }
        }
        Set<String> files = new TreeSet<>();
        try (Stream<Path> s = Files.list(EXAMPLES)) {
            s.filter(p -> p.toString().endsWith(".json") || p.toString().endsWith(".ndjson"))
                    .forEach(p -> files.add(EXAMPLES.resolve(p.getFileName()).toString()));
        }
        assertThat(posted).as("example bodies the README posts").containsExactlyInAnyOrderElementsOf(files);
    }

    @Test
    void every_curl_in_the_readme_is_in_a_bash_block_the_examples_test_runs() throws IOException {
        List<String> lines = Files.readAllLines(README);
        String language = null;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.startsWith("```")) {
                language = language == null ? l.substring(3).trim() : null;
            } else if (language != null && !language.equals("bash") && l.trim().startsWith("curl ")) {
                fail("README.md:" + (i + 1) + ": a curl command outside a ```bash block is not run by this test");
            }
        }
    }

    @Test
    void the_readme_starts_the_service_with_the_admin_token_its_admin_examples_send() throws IOException {
        String readme = Files.readString(README);
        assertThat(readme).contains("--rules.admin-token=" + ADMIN_TOKEN);
        for (Example e : examples(Files.readAllLines(README))) {
            if (e.command().contains("Authorization")) {
                assertThat(e.command()).as("%s", e).contains("Authorization: Bearer " + ADMIN_TOKEN);
            }
        }
    }

    /** The impact example's candidate is the shipped rules with one change, so its answer follows the rules. */
    @Test
    void the_impact_example_body_is_the_shipped_rules_with_only_the_base_quota_changed() throws IOException {
        JsonNode files = JSON.readTree(EXAMPLES.resolve("impact-body.json").toFile()).path("files");
        Set<String> names = new TreeSet<>();
        files.fieldNames().forEachRemaining(names::add);
        Set<String> shipped = new TreeSet<>();
        try (Stream<Path> s = Files.list(Path.of("rules"))) {
            s.filter(p -> p.toString().endsWith(".drl")).forEach(p -> shipped.add(p.getFileName().toString()));
        }
        String regenerate = "docs/examples/impact-body.json is out of date with rules/: run docs/examples/make-impact-body.sh";
        assertThat(names).as(regenerate).isEqualTo(shipped);
        for (String name : shipped) {
            String text = Files.readString(Path.of("rules", name));
            if (name.equals("policy.drl")) {
                text = text.replace("function long baseInteractedPeople() { return 10000L; }",
                        "function long baseInteractedPeople() { return 12000L; }");
            }
            assertThat(files.path(name).asText()).as(regenerate + " (" + name + ")").isEqualTo(text);
        }
    }

    // ---- the comparison rule, shown to fail where it must ----

    @Test
    void a_shown_answer_matches_when_only_ids_times_versions_and_ellipses_differ() throws IOException {
        String shown = """
                {"decisionId": "2aa2ede6-…", "time": "x", "ruleset": {"version": "abc", "loadedAt": "y"},
                 "verdict": "COMPLIANT", "message": "Only tenants…", "rules": ["A", "… 2 more"],
                 "grants": [{"amount": 2, "…": "…"}], "data": "…"}""";
        String actual = """
                {"decisionId": "2aa2ede6-1234", "time": "z", "ruleset": {"version": "def", "loadedAt": "w"},
                 "verdict": "COMPLIANT", "message": "Only tenants that...", "rules": ["A", "B", "C"],
                 "grants": [{"amount": 2.0, "subject": "tenant"}], "data": {"any": 1}}""";
        assertThat(Shown.differences(JSON.readTree(shown), JSON.readTree(actual))).isEmpty();
    }

    @Test
    void a_shown_answer_does_not_match_a_different_value_a_missing_or_extra_member_or_a_wrong_count() throws IOException {
        JsonNode actual = JSON.readTree("""
                {"verdict": "COMPLIANT", "rules": ["A", "B", "C"], "grants": [{"amount": 2, "subject": "tenant"}]}""");
        assertThat(Shown.differences(JSON.readTree("""
                {"verdict": "NON_COMPLIANT", "rules": ["A", "… 2 more"], "grants": [{"amount": 2, "…": "…"}]}"""),
                actual)).containsExactly("verdict: shown \"NON_COMPLIANT\", answered \"COMPLIANT\"");
        assertThat(Shown.differences(JSON.readTree("""
                {"verdict": "COMPLIANT", "rules": ["A", "… 3 more"], "grants": [{"amount": 2, "…": "…"}]}"""),
                actual)).containsExactly("rules: shown 1 and 3 more, answered 3");
        assertThat(Shown.differences(JSON.readTree("""
                {"verdict": "COMPLIANT", "rules": ["A", "…"], "grants": [{"amount": 2}]}"""),
                actual)).containsExactly("grants[0]: members answered but not shown: [subject]");
        assertThat(Shown.differences(JSON.readTree("""
                {"verdict": "COMPLIANT", "rules": ["A", "…"], "grants": [{"amount": 2, "…": "…"}], "firedRules": []}"""),
                actual)).containsExactly("firedRules: shown [], not answered");
        assertThat(Shown.differences(JSON.readTree("""
                {"verdict": "COMP…", "rules": ["A", "B"], "grants": "…"}"""),
                actual)).containsExactly("rules: shown 2 elements, answered 3");
    }

    @Test
    void a_shown_text_answer_matches_line_by_line_with_ellipsis_as_any_text() {
        String actual = "# HELP x\ndecisions_total{verdict=\"COMPLIANT\"} 1.0\nruleset_info{version=\"abc\"} 1.0\n";
        assertThat(Shown.textDifferences("decisions_total{verdict=\"COMPLIANT\"} 1.0\nruleset_info{version=\"…\"} 1.0",
                actual)).isEmpty();
        assertThat(Shown.textDifferences("decisions_total{verdict=\"COMPLIANT\"} 2.0", actual))
                .containsExactly("no line of the answer is: decisions_total{verdict=\"COMPLIANT\"} 2.0");
    }

    // ---- running one example ----

    private void run(Example e) throws Exception {
        Curl curl = Curl.parse(e.command());
        waitForTheDecisionLog();
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + curl.path()))
                .timeout(Duration.ofMinutes(2));
        curl.headers().forEach(h -> {
            int colon = h.indexOf(':');
            request.header(h.substring(0, colon).trim(), h.substring(colon + 1).trim());
        });
        if (curl.bodyFile() != null) {
            request.method(curl.method(), HttpRequest.BodyPublishers.ofByteArray(Files.readAllBytes(Path.of(curl.bodyFile()))));
        } else {
            request.method(curl.method(), HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (e.status() != null) {
            assertThat(response.statusCode()).as("status of %s; answer %s", e, response.body()).isEqualTo(e.status());
        } else {
            assertThat(response.statusCode()).as("status of %s (the README shows no answer: 2xx); answer %s",
                    e, response.body()).isBetween(200, 299);
        }
        if (e.answer() == null) {
            return;
        }
        List<String> differences = switch (e.answerLanguage()) {
            case "json" -> Shown.differences(JSON.readTree(e.answer()), JSON.readTree(response.body()));
            case "ndjson" -> Shown.ndjsonDifferences(e.answer(), response.body());
            default -> Shown.textDifferences(e.answer(), response.body());
        };
        if (!differences.isEmpty()) {
            fail("the answer of " + e + " is not what the README shows:\n  " + String.join("\n  ", differences)
                    + "\nanswered:\n" + response.body());
        }
    }

    /** Decisions are logged by a background thread; an impact example replays the log, so it must be written. */
    private void waitForTheDecisionLog() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            HttpResponse<String> metrics = CLIENT.send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).as("GET /actuator/prometheus").isEqualTo(200);
            double decided = 0;
            for (String l : metrics.body().split("\n")) {
                if (l.startsWith("decisions_total{")) {
                    decided += Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1));
                }
            }
            long logged = Files.exists(log) ? Files.readAllLines(log).size() : 0;
            if (logged >= decided) {
                return;
            }
            if (System.nanoTime() > deadline) {
                fail("the decision log has " + logged + " lines after " + decided + " decisions");
            }
            Thread.sleep(50);
        }
    }

    // ---- reading the README ----

    /** The curl examples of the README, in order, each with the answer shown after its block. */
    static List<Example> examples(List<String> lines) {
        List<Example> examples = new ArrayList<>();
        int i = 0;
        while (i < lines.size()) {
            if (!lines.get(i).equals("```bash")) {
                i++;
                continue;
            }
            int start = i + 1;
            int end = start;
            while (end < lines.size() && !lines.get(end).startsWith("```")) {
                end++;
            }
            List<int[]> curls = new ArrayList<>();
            List<String> commands = new ArrayList<>();
            for (int j = start; j < end; j++) {
                if (lines.get(j).startsWith("curl ")) {
                    StringBuilder command = new StringBuilder(lines.get(j));
                    int first = j;
                    while (command.toString().endsWith("\\") && j + 1 < end) {
                        command.setLength(command.length() - 1);
                        command.append(' ').append(lines.get(++j).trim());
                    }
                    curls.add(new int[] {first + 1});
                    commands.add(command.toString());
                }
            }
            // the answer: the next fenced block, when the prose before it says "answers `NNN`"
            Integer status = null;
            String language = null;
            String answer = null;
            int k = end + 1;
            StringBuilder prose = new StringBuilder();
            while (k < lines.size() && !lines.get(k).startsWith("```") && !lines.get(k).startsWith("#")) {
                prose.append(lines.get(k)).append('\n');
                k++;
            }
            Matcher m = ANSWERS.matcher(prose);
            if (k < lines.size() && lines.get(k).startsWith("```") && m.find()) {
                status = Integer.valueOf(m.group(1));
                language = lines.get(k).substring(3).trim();
                int answerEnd = k + 1;
                while (answerEnd < lines.size() && !lines.get(answerEnd).startsWith("```")) {
                    answerEnd++;
                }
                answer = String.join("\n", lines.subList(k + 1, answerEnd));
            }
            for (int c = 0; c < commands.size(); c++) {
                boolean last = c == commands.size() - 1;
                examples.add(new Example(curls.get(c)[0], commands.get(c), last ? status : null,
                        last ? language : null, last ? answer : null));
            }
            i = end + 1;
        }
        return examples;
    }

    /** A README curl command: method, path, headers, the posted file. */
    record Curl(String method, String path, List<String> headers, String bodyFile) {
        private static final Pattern URL = Pattern.compile("^(?:http://)?localhost:8080(/\\S*)$");

        static Curl parse(String command) {
            List<String> words = words(command);
            String method = null;
            String path = null;
            String bodyFile = null;
            List<String> headers = new ArrayList<>();
            Iterator<String> it = words.iterator();
            if (!it.hasNext() || !it.next().equals("curl")) {
                throw new IllegalArgumentException("not a curl command: " + command);
            }
            while (it.hasNext()) {
                String w = it.next();
                if (w.equals("|")) {
                    break; // what follows filters the answer; the shown answer is checked against the whole answer
                }
                switch (w) {
                    case "-s", "-sS", "-S" -> { }
                    case "-X" -> method = it.next();
                    case "-H" -> headers.add(it.next());
                    case "--data-binary" -> {
                        String file = it.next();
                        if (!file.startsWith("@docs/examples/")) {
                            throw new IllegalArgumentException("a README example posts a file of docs/examples: " + command);
                        }
                        bodyFile = file.substring(1);
                    }
                    default -> {
                        Matcher m = URL.matcher(w);
                        if (!m.matches() || path != null) {
                            throw new IllegalArgumentException("'" + w + "' is not an option this test knows, in: " + command);
                        }
                        path = m.group(1);
                    }
                }
            }
            if (path == null) {
                throw new IllegalArgumentException("no localhost:8080 URL in: " + command);
            }
            return new Curl(method != null ? method : bodyFile != null ? "POST" : "GET", path, headers, bodyFile);
        }

        /** Shell words: blanks separate, single and double quotes group (no escapes or variables in examples). */
        private static List<String> words(String command) {
            List<String> words = new ArrayList<>();
            StringBuilder word = null;
            char quote = 0;
            for (char ch : command.toCharArray()) {
                if (quote != 0) {
                    if (ch == quote) {
                        quote = 0;
                    } else {
                        word.append(ch);
                    }
                } else if (ch == '\'' || ch == '"') {
                    quote = ch;
                    word = word == null ? new StringBuilder() : word;
                } else if (Character.isWhitespace(ch)) {
                    if (word != null) {
                        words.add(word.toString());
                        word = null;
                    }
                } else {
                    if (ch == '$') {
                        throw new IllegalArgumentException("a README example uses no shell variables: " + command);
                    }
                    word = word == null ? new StringBuilder() : word;
                    word.append(ch);
                }
            }
            if (word != null) {
                words.add(word.toString());
            }
            return words;
        }
    }

    /**
     * The comparison of a shown answer with the actual one. Values of members named in
     * {@link #UNCOMPARED} (ids, times, ruleset versions) are not compared; {@code "…"} as a value
     * stands for any value; a string ending in {@code …} for any string starting with what precedes
     * it; a last array element {@code "… N more"} for exactly N more elements ({@code "…"}: any
     * number); a member {@code "…": "…"} for further members (without it, the members must be the
     * same). Numbers are compared by value, everything else exactly.
     */
    static final class Shown {
        static final Set<String> UNCOMPARED = Set.of("decisionId", "time", "loadedAt", "version", "liveVersion",
                "rulesetVersion", "durationMillis", "durationMicros");
        private static final String ELLIPSIS = "…";
        private static final Pattern MORE = Pattern.compile("^… (\\d+) more$");

        private Shown() {}

        static List<String> differences(JsonNode shown, JsonNode actual) {
            List<String> d = new ArrayList<>();
            compare("", shown, actual, d);
            return d;
        }

        static List<String> ndjsonDifferences(String shown, String actual) throws IOException {
            List<String> d = new ArrayList<>();
            List<String> want = nonBlank(shown);
            List<String> got = nonBlank(actual);
            if (want.size() != got.size()) {
                d.add("shown " + want.size() + " lines, answered " + got.size());
                return d;
            }
            for (int i = 0; i < want.size(); i++) {
                compare("line " + (i + 1), JSON.readTree(want.get(i)), JSON.readTree(got.get(i)), d);
            }
            return d;
        }

        static List<String> textDifferences(String shown, String actual) {
            List<String> d = new ArrayList<>();
            List<String> got = List.of(actual.split("\n"));
            for (String want : nonBlank(shown)) {
                List<String> parts = new ArrayList<>();
                for (String part : want.split(ELLIPSIS, -1)) {
                    parts.add(Pattern.quote(part));
                }
                Pattern p = Pattern.compile(String.join(".*", parts));
                if (got.stream().noneMatch(l -> p.matcher(l).matches())) {
                    d.add("no line of the answer is: " + want);
                }
            }
            return d;
        }

        private static List<String> nonBlank(String text) {
            return Stream.of(text.split("\n")).filter(l -> !l.isBlank()).toList();
        }

        private static void compare(String path, JsonNode want, JsonNode got, List<String> d) {
            if (want.isTextual() && want.asText().equals(ELLIPSIS)) {
                return;
            }
            if (want.isObject() && got.isObject()) {
                Set<String> shownNames = new HashSet<>();
                want.fieldNames().forEachRemaining(shownNames::add);
                boolean more = shownNames.remove(ELLIPSIS);
                for (String name : new TreeSet<>(shownNames)) {
                    String at = path.isEmpty() ? name : path + "." + name;
                    JsonNode g = got.get(name);
                    if (g == null) {
                        d.add(at + ": shown " + want.get(name) + ", not answered");
                    } else if (!UNCOMPARED.contains(name)) {
                        compare(at, want.get(name), g, d);
                    }
                }
                if (!more) {
                    Set<String> extra = new TreeSet<>();
                    got.fieldNames().forEachRemaining(extra::add);
                    extra.removeAll(shownNames);
                    if (!extra.isEmpty()) {
                        d.add((path.isEmpty() ? "(answer)" : path) + ": members answered but not shown: " + extra);
                    }
                }
            } else if (want.isArray() && got.isArray()) {
                int shown = want.size();
                Integer more = 0;
                if (shown > 0 && want.get(shown - 1).isTextual()) {
                    String last = want.get(shown - 1).asText();
                    Matcher m = MORE.matcher(last);
                    if (last.equals(ELLIPSIS)) {
                        more = null;
                        shown--;
                    } else if (m.matches()) {
                        more = Integer.valueOf(m.group(1));
                        shown--;
                    }
                }
                if (more == null ? got.size() < shown : got.size() != shown + more) {
                    d.add(path + ": shown " + (shown == want.size() ? shown + " elements"
                            : shown + (more == null ? " and more" : " and " + more + " more")) + ", answered " + got.size());
                    return;
                }
                for (int i = 0; i < shown; i++) {
                    compare(path + "[" + i + "]", want.get(i), got.get(i), d);
                }
            } else if (want.isNumber() && got.isNumber()) {
                if (want.decimalValue().compareTo(got.decimalValue()) != 0) {
                    d.add(path + ": shown " + want + ", answered " + got);
                }
            } else if (want.isTextual() && got.isTextual() && want.asText().endsWith(ELLIPSIS)) {
                String prefix = want.asText().substring(0, want.asText().length() - 1);
                if (!got.asText().startsWith(prefix)) {
                    d.add(path + ": shown " + want + ", answered " + got);
                }
            } else if (!want.equals(got)) {
                d.add(path + ": shown " + want + ", answered " + got);
            }
        }
    }
}
