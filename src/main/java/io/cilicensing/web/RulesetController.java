package io.cilicensing.web;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cilicensing.engine.LiveRuleset;
import io.cilicensing.engine.Ruleset;
import io.cilicensing.facts.Violation;
import io.cilicensing.reload.ReloadAttempt;
import io.cilicensing.reload.RulesetChangeRuns;
import io.cilicensing.reload.RulesetReloader;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** The live ruleset: what it is ({@code GET}), and the admin actions reload and validate. */
@RestController
public class RulesetController {
    private final LiveRuleset live;
    private final RulesetReloader reloader;
    private final AdminGuard admin;
    private final ObjectMapper json;
    private final long maxBodyBytes;
    private final ObjectProvider<RulesetChangeRuns> changeRuns;

    public RulesetController(LiveRuleset live, RulesetReloader reloader, AdminGuard admin, ObjectMapper json,
                             @Value("${decisions.max-body-bytes}") long maxBodyBytes,
                             ObjectProvider<RulesetChangeRuns> changeRuns) {
        this.changeRuns = changeRuns;
        this.live = live;
        this.reloader = reloader;
        this.admin = admin;
        this.json = json;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** The answer of {@code GET /v1/ruleset}. */
    @JsonPropertyOrder({"version", "loadedAt", "origin", "files", "rules", "lastReload", "rulesetChangeRun"})
    public record RulesetView(String version, Instant loadedAt, String origin, List<Ruleset.RuleFile> files,
                              List<Ruleset.RuleInfo> rules, ReloadAttempt lastReload,
                              @JsonInclude(JsonInclude.Include.NON_NULL)
                              @Schema(description = "On an instance that consumes Kafka: the last re-decision of "
                                      + "every tenant after a ruleset went live (state RUNNING, SUPERSEDED or DONE "
                                      + "with the run's summary)")
                              Map<String, Object> rulesetChangeRun) {}

    /** The answer of reload and validate: the attempt, and which version is live after it. */
    @JsonPropertyOrder({"liveVersion", "attempt"})
    public record AttemptView(String liveVersion, ReloadAttempt attempt) {}

    @GetMapping("/v1/ruleset")
    public RulesetView ruleset() {
        Ruleset r = live.require();
        RulesetChangeRuns runs = changeRuns.getIfAvailable();
        return new RulesetView(r.version(), r.loadedAt(), r.origin(), r.files(), r.rules(), reloader.lastReload(),
                runs == null ? null : runs.lastRun());
    }

    @PostMapping("/v1/ruleset/reload")
    public ResponseEntity<AttemptView> reload(HttpServletRequest request) {
        String who = admin.check(request);
        return answer(reloader.reload("admin request", who));
    }

    @PostMapping("/v1/ruleset/validate")
    public ResponseEntity<AttemptView> validate(HttpServletRequest request) throws IOException {
        admin.check(request);
        byte[] body = BodyReader.read(request.getInputStream(), request.getContentLengthLong(), maxBodyBytes);
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (IOException e) {
            throw new InvalidValidateRequest(List.of(new Violation("", "not JSON: " + e.getMessage())));
        }
        List<Violation> problems = new ArrayList<>();
        SortedMap<String, String> files = ruleFiles(root, problems);
        JsonNode scenarios = root == null ? null : root.get("scenarios");
        if (scenarios != null && !scenarios.isBoolean()) {
            problems.add(new Violation("scenarios", "must be true or false"));
        }
        if (root != null && root.isObject()) {
            root.fieldNames().forEachRemaining(k -> {
                if (!k.equals("files") && !k.equals("scenarios")) {
                    problems.add(new Violation(k, "unknown field; expected files, scenarios"));
                }
            });
        }
        if (!problems.isEmpty()) {
            throw new InvalidValidateRequest(problems);
        }
        return answer(reloader.validate(files, scenarios != null && scenarios.asBoolean()));
    }

    /** The {@code files} of an admin body: relative {@code *.drl} paths to DRL text; problems added to {@code problems}. */
    static SortedMap<String, String> ruleFiles(JsonNode root, List<Violation> problems) {
        SortedMap<String, String> files = new TreeMap<>();
        JsonNode filesNode = root == null ? null : root.get("files");
        if (filesNode == null || !filesNode.isObject() || filesNode.isEmpty()) {
            problems.add(new Violation("files", "required: an object of rule file name to DRL text"));
        } else {
            filesNode.fields().forEachRemaining(f -> {
                String name = f.getKey();
                if (!name.endsWith(".drl") || name.startsWith("/") || name.contains("..") || name.contains("\\")) {
                    problems.add(new Violation("files." + name, "must be a relative path ending in .drl"));
                } else if (!f.getValue().isTextual()) {
                    problems.add(new Violation("files." + name, "must be the DRL text as a string"));
                } else {
                    files.put(name, f.getValue().asText());
                }
            });
        }
        return files;
    }

    private ResponseEntity<AttemptView> answer(ReloadAttempt attempt) {
        Ruleset r = live.get();
        HttpStatus status = switch (attempt.outcome()) {
            case "COMPILE_FAILED", "SCENARIOS_FAILED", "CANDIDATE_FAILED" -> HttpStatus.UNPROCESSABLE_ENTITY;
            default -> HttpStatus.OK;
        };
        return ResponseEntity.status(status).body(new AttemptView(r == null ? null : r.version(), attempt));
    }

    /** A validate body that is not {@code {"files": {...}, "scenarios": bool}}. */
    static final class InvalidValidateRequest extends RuntimeException {
        final transient List<Violation> violations;

        InvalidValidateRequest(List<Violation> violations) {
            this("the body must be {\"files\": {\"name.drl\": \"text\", ...}, \"scenarios\": true|false}",
                    violations);
        }

        InvalidValidateRequest(String message, List<Violation> violations) {
            super(message);
            this.violations = violations;
        }
    }
}
