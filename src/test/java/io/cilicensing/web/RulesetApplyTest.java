package io.cilicensing.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cilicensing.engine.RulesetCompiler;
import io.cilicensing.facts.ContractExample;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Apply, history and rollback against a real server whose rules directory is a private copy of
 * {@code rules/}, watched as in production, with a decision log and a history directory of its
 * own, and a scenario gate of one real scenario (one that a quota does not decide).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"rules.admin-tokens=alice=alice-token,bob=bob-token", "rules.watch-debounce-ms=200"})
class RulesetApplyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ALICE = "alice-token";
    private static Path rules;

    @DynamicPropertySource
    static void privateRulesLogAndHistory(DynamicPropertyRegistry registry) {
        rules = PrivateRules.register(registry, "apply-test");
    }

    @LocalServerPort
    int port;

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> r = Http.get(port, path);
        assertThat(r.statusCode()).as("GET %s: %s", path, r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private HttpResponse<String> apply(String token, Map<String, String> files, String message, String baseVersion)
            throws Exception {
        ObjectNode body = JSON.createObjectNode();
        body.set("files", JSON.valueToTree(files));
        body.put("message", message);
        body.put("baseVersion", baseVersion);
        return Http.postAdmin(port, "/v1/ruleset/apply", token, JSON.writeValueAsString(body));
    }

    private static SortedMap<String, String> files(JsonNode view) {
        SortedMap<String, String> files = new TreeMap<>();
        view.path("files").fields().forEachRemaining(f -> files.put(f.getKey(), f.getValue().asText()));
        return files;
    }

    /** policy.drl with its first whole-number quota doubled. */
    private static String withFirstQuotaDoubled(String policy) {
        Matcher m = PrivateRules.QUOTA.matcher(policy);
        assertThat(m.find()).as("policy.drl has a whole-number quota function").isTrue();
        long doubled = Long.parseLong(m.group(2)) * 2;
        return policy.substring(0, m.start()) + m.group(1) + doubled + m.group(3) + policy.substring(m.end());
    }

    private static List<String> entryVersions(JsonNode history) {
        List<String> versions = new ArrayList<>();
        history.path("entries").forEach(e -> versions.add(e.path("version").asText()));
        return versions;
    }

    @Test
    void anAnalystAppliesAQuotaChangeSeesItsImpactInTheHistoryAndRollsBack() throws Exception {
        // a logged decision for the impact to replay
        assertThat(Http.post(port, "/v1/decisions", ContractExample.json()).statusCode()).isEqualTo(200);
        int entriesBefore = get("/v1/ruleset/history").path("entries").size(); // 1 (the start) when run first
        JsonNode liveFiles = get("/v1/ruleset/files");
        String first = liveFiles.path("version").asText();
        assertThat(first).isEqualTo(get("/v1/ruleset").path("version").asText());
        SortedMap<String, String> original = files(liveFiles);
        assertThat(original).containsKey("policy.drl");
        SortedMap<String, String> edited = new TreeMap<>(original);
        edited.put("policy.drl", withFirstQuotaDoubled(original.get("policy.drl")));

        HttpResponse<String> applied = apply(ALICE, edited, "double the first quota, as agreed", first);

        JsonNode a = JSON.readTree(applied.body());
        assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);
        assertThat(a.at("/attempt/outcome").asText()).isEqualTo("LIVE");
        String second = a.path("liveVersion").asText();
        assertThat(second).isNotEqualTo(first).isEqualTo(RulesetCompiler.version(edited));
        assertThat(get("/v1/ruleset").path("version").asText()).isEqualTo(second);
        assertThat(a.at("/history/version").asText()).isEqualTo(second);
        assertThat(a.at("/history/impactState").asText()).isEqualTo("DONE");
        assertThat(a.at("/history/impact/replayed").asInt()).isEqualTo(1);
        assertThat(a.at("/history/impact/outcome").asText()).isEqualTo("CHANGED");
        // the directory holds exactly the applied files, and nothing else the apply wrote
        assertThat(RulesetCompiler.readDirectory(rules)).isEqualTo(edited);
        try (Stream<Path> all = Files.list(rules)) {
            assertThat(all.map(p -> p.getFileName().toString()).toList()).allMatch(n -> n.endsWith(".drl"));
        }
        JsonNode history = get("/v1/ruleset/history");
        JsonNode newest = history.path("entries").get(0);
        assertThat(newest.path("version").asText()).isEqualTo(second);
        assertThat(newest.path("trigger").asText()).isEqualTo("apply");
        assertThat(newest.path("who").asText()).isEqualTo("alice");
        assertThat(newest.path("message").asText()).isEqualTo("double the first quota, as agreed");
        assertThat(newest.path("previousVersion").asText()).isEqualTo(first);
        assertThat(newest.at("/filesChanged/changed").toString()).isEqualTo("[\"policy.drl\"]");
        assertThat(newest.at("/filesChanged/added")).isEmpty();
        assertThat(newest.at("/impact/changed").asInt()).isEqualTo(1);
        assertThat(files(get("/v1/ruleset/history/" + second))).isEqualTo(edited);

        // a broken file: 422 with file and line; nothing changed on disk or live
        SortedMap<String, String> broken = new TreeMap<>(edited);
        broken.put("broken.drl", "package t;\nimport io.cilicensing.facts.*;\nrule \"X-01 broken\"\nwhen\n  License( quantity > )\nthen\nend\n");
        HttpResponse<String> refused = apply(ALICE, broken, "this does not compile", second);

        assertThat(refused.statusCode()).isEqualTo(422);
        JsonNode r = JSON.readTree(refused.body());
        assertThat(r.at("/attempt/outcome").asText()).isEqualTo("COMPILE_FAILED");
        assertThat(r.at("/attempt/errors/0/file").asText()).isEqualTo("broken.drl");
        assertThat(r.at("/attempt/errors/0/line").asInt()).isEqualTo(5);
        assertThat(r.path("liveVersion").asText()).isEqualTo(second);
        assertThat(get("/v1/ruleset").path("version").asText()).isEqualTo(second);
        assertThat(RulesetCompiler.readDirectory(rules)).isEqualTo(edited);

        // an edit that started from a version no longer live: 409, nothing changed
        HttpResponse<String> stale = apply(ALICE, original, "from yesterday's tab", first);

        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(stale.body()).path("error").asText()).isEqualTo("STALE_BASE_VERSION");
        assertThat(get("/v1/ruleset").path("version").asText()).isEqualTo(second);

        // roll back to the first version
        HttpResponse<String> back = Http.postAdmin(port, "/v1/ruleset/rollback", "bob-token",
                JSON.writeValueAsString(Map.of("version", first, "message", "back to the start")));

        assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
        assertThat(JSON.readTree(back.body()).at("/attempt/outcome").asText()).isEqualTo("LIVE");
        assertThat(get("/v1/ruleset").path("version").asText()).isEqualTo(first);
        assertThat(RulesetCompiler.readDirectory(rules)).isEqualTo(original);
        JsonNode after = get("/v1/ruleset/history");
        assertThat(entryVersions(after)).hasSize(entriesBefore + 2).startsWith(first, second, first);
        JsonNode rollback = after.path("entries").get(0);
        assertThat(rollback.path("trigger").asText()).isEqualTo("rollback");
        assertThat(rollback.path("who").asText()).isEqualTo("bob");
        assertThat(rollback.path("message").asText()).isEqualTo("back to the start");
        if (entriesBefore == 1) {
            assertThat(after.path("entries").get(2).path("trigger").asText()).isEqualTo("start");
        }
    }

    @Test
    void twoAnalystsApplyingFromTheSameVersionAtOnceOneGoesLiveTheOtherIsToldItIsStale() throws Exception {
        JsonNode liveFiles = get("/v1/ruleset/files");
        String base = liveFiles.path("version").asText();
        SortedMap<String, String> mine = files(liveFiles);
        mine.put("note-alice.drl", "package t;\n// alice's note\n");
        SortedMap<String, String> theirs = files(liveFiles);
        theirs.put("note-bob.drl", "package t;\n// bob's note\n");
        ExecutorService two = Executors.newFixedThreadPool(2);
        List<Callable<HttpResponse<String>>> both = List.of(
                () -> apply(ALICE, mine, "alice's note", base), () -> apply("bob-token", theirs, "bob's note", base));
        List<Integer> statuses = new ArrayList<>();
        for (Future<HttpResponse<String>> f : two.invokeAll(both)) {
            statuses.add(f.get().statusCode());
        }
        two.shutdown();

        assertThat(statuses).containsExactlyInAnyOrder(200, 409);
        SortedMap<String, String> onDisk = RulesetCompiler.readDirectory(rules);
        assertThat(onDisk).isIn(mine, theirs);
        assertThat(get("/v1/ruleset").path("version").asText()).isEqualTo(RulesetCompiler.version(onDisk));
        // put the start back for the other test's history
        HttpResponse<String> back = Http.postAdmin(port, "/v1/ruleset/rollback", ALICE,
                JSON.writeValueAsString(Map.of("version", base, "message", "undo the note")));
        assertThat(back.statusCode()).isEqualTo(200);
    }

    @Test
    void aFileChangedOnDiskGoesLiveThroughTheWatcherAndTheHistoryNamesIt() throws Exception {
        String base = get("/v1/ruleset").path("version").asText();
        Files.writeString(rules.resolve("note-on-disk.drl"), "package t;\n// written on the server's disk\n");

        // the history entry is written on the reloading thread right after the swap: wait for both
        long deadline = System.nanoTime() + 15_000_000_000L;
        while ((get("/v1/ruleset").path("version").asText().equals(base)
                || get("/v1/ruleset/history").at("/entries/0/version").asText().equals(base))
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }

        JsonNode newest = get("/v1/ruleset/history").path("entries").get(0);
        assertThat(newest.path("version").asText()).isNotEqualTo(base).isEqualTo(get("/v1/ruleset").path("version").asText());
        assertThat(newest.path("trigger").asText()).isEqualTo("file change");
        assertThat(newest.path("who").asText()).isEqualTo("file change");
        assertThat(newest.at("/filesChanged/added").toString()).isEqualTo("[\"note-on-disk.drl\"]");
        // put the start back (a rollback overwrites the directory)
        HttpResponse<String> back = Http.postAdmin(port, "/v1/ruleset/rollback", ALICE,
                JSON.writeValueAsString(Map.of("version", base, "message", "remove the note")));
        assertThat(back.statusCode()).isEqualTo(200);
        assertThat(Files.exists(rules.resolve("note-on-disk.drl"))).isFalse();
    }

    @Test
    void applyAndRollbackRefuseBadBodiesAndUnknownVersionsWithTheErrorJson() throws Exception {
        String live = get("/v1/ruleset").path("version").asText();

        HttpResponse<String> noMessage = Http.postAdmin(port, "/v1/ruleset/apply", ALICE,
                JSON.writeValueAsString(Map.of("files", Map.of("a.drl", "package t;"), "baseVersion", live)));
        HttpResponse<String> unknown = Http.postAdmin(port, "/v1/ruleset/rollback", ALICE,
                JSON.writeValueAsString(Map.of("version", "0".repeat(64), "message", "m")));
        HttpResponse<String> notKept = Http.get(port, "/v1/ruleset/history/" + "0".repeat(64));
        HttpResponse<String> noToken = Http.post(port, "/v1/ruleset/apply", "{}");
        HttpResponse<String> oddName = Http.postAdmin(port, "/v1/ruleset/apply", ALICE, JSON.writeValueAsString(Map.of(
                "files", Map.of("./family//a.drl", "package t;"), "message", "m", "baseVersion", live)));

        assertThat(noMessage.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(noMessage.body()).path("error").asText()).isEqualTo("INVALID_REQUEST");
        assertThat(JSON.readTree(noMessage.body()).at("/violations/0/path").asText()).isEqualTo("message");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(unknown.body()).at("/violations/0/path").asText()).isEqualTo("version");
        assertThat(notKept.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(notKept.body()).path("error").asText()).isEqualTo("NOT_FOUND");
        assertThat(oddName.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(oddName.body()).at("/violations/0/path").asText()).isEqualTo("files../family//a.drl");
                assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(noToken.body()).path("error").asText()).isEqualTo("UNAUTHORIZED");
        assertThat(get("/v1/ruleset").path("version").asText()).isEqualTo(live);
    }
}
