package io.cilicensing.web;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cilicensing.engine.LiveRuleset;
import io.cilicensing.engine.RulesetCompiler;
import io.cilicensing.facts.Violation;
import io.cilicensing.impact.RecentImpact;
import io.cilicensing.reload.Change;
import io.cilicensing.reload.ReloadAttempt;
import io.cilicensing.reload.RulesDirectoryWriter;
import io.cilicensing.reload.RulesetHistory;
import io.cilicensing.reload.RulesetReloader;
import io.cilicensing.reload.StaleBaseVersionException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Changing the live rules from the workbench: the live files ({@code GET /v1/ruleset/files}),
 * apply and rollback (admin; through the same gate as any reload, written into the rules
 * directory), and the history of every ruleset that went live ({@link RulesetHistory}).
 */
@RestController
public class RulesetChangeController {
    private static final Logger log = LoggerFactory.getLogger(RulesetChangeController.class);
    /** Longest message kept with a change. */
    static final int MAX_MESSAGE = 2000;
    /** How much longer than the impact's own time budget an apply waits for the impact before answering. */
    private static final Duration IMPACT_WAIT_MARGIN = Duration.ofSeconds(10);

    private final LiveRuleset live;
    private final RulesetReloader reloader;
    private final RulesetHistory history;
    private final RecentImpact impact;
    private final AdminGuard admin;
    private final ObjectMapper json;
    private final long maxBodyBytes;

    public RulesetChangeController(LiveRuleset live, RulesetReloader reloader, RulesetHistory history,
                                   RecentImpact impact, AdminGuard admin, ObjectMapper json,
                                   @Value("${decisions.max-body-bytes}") long maxBodyBytes) {
        this.live = live;
        this.reloader = reloader;
        this.history = history;
        this.impact = impact;
        this.admin = admin;
        this.json = json;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** The live ruleset's files. */
    @Schema(name = "RulesetFiles")
    @JsonPropertyOrder({"version", "files"})
    public record FilesView(
            @Schema(description = "The version of these files (SHA-256 over their paths and texts)") String version,
            @Schema(description = "Rule file path (relative to rules.dir) to its text") Map<String, String> files) {}

    /** The answer of apply and rollback. */
    @Schema(name = "ApplyResult")
    @JsonPropertyOrder({"liveVersion", "attempt", "history"})
    public record ApplyView(
            @Schema(description = "The version live after the request") String liveVersion,
            @Schema(description = "The gate's outcome: LIVE, UNCHANGED, COMPILE_FAILED (errors with file and line), "
                    + "SCENARIOS_FAILED (failingScenarios) or CANDIDATE_FAILED") ReloadAttempt attempt,
            @Schema(description = "The history entry of the version that went live, with its impact "
                    + "(impactState PENDING when the impact took longer than the wait); null when nothing went live")
            RulesetHistory.Entry history) {}

    /** The answer of {@code GET /v1/ruleset/history}. */
    @Schema(name = "RulesetHistory")
    public record HistoryView(@Schema(description = "Newest first") List<RulesetHistory.Entry> entries) {}

    @Schema(name = "ApplyRequest", description = "The complete candidate ruleset, why, and the version the edit started from")
    public record ApplyRequest(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED,
                    description = "The complete candidate ruleset: rule file name (relative, ending in .drl) to DRL text")
            Map<String, String> files,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "Why: kept in the history", maxLength = MAX_MESSAGE)
            String message,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED,
                    description = "The live version the edit started from (GET /v1/ruleset/files); 409 when another is live")
            String baseVersion) {}

    @Schema(name = "RollbackRequest", description = "The version to make live again, and why")
    public record RollbackRequest(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "A version in the history") String version,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "Why: kept in the history", maxLength = MAX_MESSAGE)
            String message,
            @Schema(description = "When given, the version that must be live (409 otherwise)") String baseVersion) {}

    @Operation(tags = "ruleset", operationId = "rulesetFiles", summary = "The live ruleset's rule files",
            description = "Every rule file of the live ruleset with its text, and the version they make: what an edit "
                    + "starts from (send that version as `baseVersion` when applying). Open, like `GET /v1/ruleset`.",
            responses = {
                @ApiResponse(responseCode = "200", description = "The files",
                        content = @Content(mediaType = "application/json", schema = @Schema(implementation = FilesView.class))),
                @ApiResponse(responseCode = "503", ref = "#/components/responses/NoRuleset")
            })
    @GetMapping("/v1/ruleset/files")
    public FilesView files() {
        live.require();
        SortedMap<String, String> files = reloader.liveFiles();
        return new FilesView(RulesetCompiler.version(files), files);
    }

    @Operation(tags = "ruleset", operationId = "apply",
            summary = "Make edited rule files live: written into the rules directory through the gate (admin)",
            description = "The candidate (the complete ruleset) is compiled and run against the scenario suite in the "
                    + "worker process, exactly as a reload; only when it passes are the files written into the rules "
                    + "directory (each file renamed into place, no reload reading the directory meanwhile) and made "
                    + "live. One apply or reload at a time. The answer waits for the impact on recent logged "
                    + "decisions (up to the impact's time budget) and carries the history entry with it.",
            security = @SecurityRequirement(name = "adminToken"),
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                    content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApplyRequest.class))),
            responses = {
                @ApiResponse(responseCode = "200", description = "LIVE (or UNCHANGED: the files are the live ones)",
                        content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApplyView.class))),
                @ApiResponse(responseCode = "422", description = "COMPILE_FAILED, SCENARIOS_FAILED or CANDIDATE_FAILED: "
                        + "nothing was written, the live ruleset is unchanged",
                        content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApplyView.class))),
                @ApiResponse(responseCode = "400", description = "The body is not {\"files\": {...}, \"message\": \"...\", "
                        + "\"baseVersion\": \"...\"} (INVALID_REQUEST)",
                        content = @Content(mediaType = "application/json", schema = @Schema(ref = "#/components/schemas/ApiError"))),
                @ApiResponse(responseCode = "401", ref = "#/components/responses/AdminUnauthorized"),
                @ApiResponse(responseCode = "403", ref = "#/components/responses/AdminDisabled"),
                @ApiResponse(responseCode = "409", description = "STALE_BASE_VERSION: baseVersion is no longer live",
                        content = @Content(mediaType = "application/json", schema = @Schema(ref = "#/components/schemas/ApiError"))),
                @ApiResponse(responseCode = "503", ref = "#/components/responses/NoRuleset")
            })
    @PostMapping("/v1/ruleset/apply")
    public ResponseEntity<ApplyView> apply(HttpServletRequest request) throws IOException, InterruptedException {
        String who = admin.check(request);
        JsonNode root = body(request);
        List<Violation> problems = new ArrayList<>();
        SortedMap<String, String> files = RulesetController.ruleFiles(root, problems);
        files.keySet().stream().filter(name -> !canonical(name)).forEach(name -> problems.add(new Violation(
                "files." + name, "must be written as the rules directory lists it: segments separated by one '/', "
                + "no '.' or empty segment")));
        String message = text(root, "message", true, problems);
        String baseVersion = text(root, "baseVersion", true, problems);
        unknownFields(root, Set.of("files", "message", "baseVersion"), problems);
        if (!problems.isEmpty()) {
            throw invalid("{\"files\": {\"name.drl\": \"text\", ...}, \"message\": \"why\", \"baseVersion\": \"...\"}",
                    problems);
        }
        live.require();
        return answer(reloader.apply(files, new Change(Change.APPLY, who, message), baseVersion));
    }

    @Operation(tags = "ruleset", operationId = "rollback",
            summary = "Make a version of the history live again, through the same path as apply (admin)",
            security = @SecurityRequirement(name = "adminToken"),
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                    content = @Content(mediaType = "application/json", schema = @Schema(implementation = RollbackRequest.class))),
            responses = {
                @ApiResponse(responseCode = "200", description = "LIVE (or UNCHANGED: that version is live)",
                        content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApplyView.class))),
                @ApiResponse(responseCode = "422", description = "The version no longer passes the gate (e.g. the "
                        + "scenarios changed since): nothing was written, the live ruleset is unchanged",
                        content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApplyView.class))),
                @ApiResponse(responseCode = "400", description = "No version or message, or a version not in the "
                        + "history (INVALID_REQUEST)",
                        content = @Content(mediaType = "application/json", schema = @Schema(ref = "#/components/schemas/ApiError"))),
                @ApiResponse(responseCode = "401", ref = "#/components/responses/AdminUnauthorized"),
                @ApiResponse(responseCode = "403", ref = "#/components/responses/AdminDisabled"),
                @ApiResponse(responseCode = "409", description = "STALE_BASE_VERSION: baseVersion is no longer live",
                        content = @Content(mediaType = "application/json", schema = @Schema(ref = "#/components/schemas/ApiError"))),
                @ApiResponse(responseCode = "503", ref = "#/components/responses/NoRuleset")
            })
    @PostMapping("/v1/ruleset/rollback")
    public ResponseEntity<ApplyView> rollback(HttpServletRequest request) throws IOException, InterruptedException {
        String who = admin.check(request);
        JsonNode root = body(request);
        List<Violation> problems = new ArrayList<>();
        String version = text(root, "version", true, problems);
        String message = text(root, "message", true, problems);
        String baseVersion = text(root, "baseVersion", false, problems);
        unknownFields(root, Set.of("version", "message", "baseVersion"), problems);
        SortedMap<String, String> files = null;
        if (version != null) {
            var kept = history.files(version);
            if (kept.isEmpty()) {
                problems.add(new Violation("version", "not a version in this instance's ruleset history"));
            } else {
                files = kept.get().files();
            }
        }
        if (!problems.isEmpty()) {
            throw invalid("{\"version\": \"a version of GET /v1/ruleset/history\", \"message\": \"why\"}", problems);
        }
        live.require();
        return answer(reloader.apply(files, new Change(Change.ROLLBACK, who, message), baseVersion));
    }

    @Operation(tags = "ruleset", operationId = "rulesetHistory", summary = "Every ruleset that went live on this instance",
            description = "Newest first: version, time, trigger (start, file change, admin request, apply, rollback), "
                    + "who (the admin token's name, `file change`, `service start`), message, the files added, changed "
                    + "and removed against the version before, and the impact on recent logged decisions. Open, like "
                    + "`GET /v1/ruleset`.",
            responses = @ApiResponse(responseCode = "200", description = "The history",
                    content = @Content(mediaType = "application/json", schema = @Schema(implementation = HistoryView.class))))
    @GetMapping("/v1/ruleset/history")
    public HistoryView history() {
        return new HistoryView(history.entries());
    }

    @Operation(tags = "ruleset", operationId = "rulesetHistoryVersion", summary = "The rule files of a version in the history",
            responses = {
                @ApiResponse(responseCode = "200", description = "Its files",
                        content = @Content(mediaType = "application/json", schema = @Schema(implementation = FilesView.class))),
                @ApiResponse(responseCode = "404", description = "NOT_FOUND: no such version in the history",
                        content = @Content(mediaType = "application/json", schema = @Schema(ref = "#/components/schemas/ApiError")))
            })
    @GetMapping("/v1/ruleset/history/{version}")
    public FilesView historyVersion(@Parameter(description = "The version (64 hex digits)") @PathVariable String version) {
        RulesetHistory.VersionFiles kept = history.files(version).orElseThrow(() -> new RequestRefusedException(
                ErrorCode.NOT_FOUND, "version " + ErrorAdvice.shortened(version)
                        + " is not in this instance's ruleset history (GET /v1/ruleset/history lists them)"));
        return new FilesView(kept.version(), kept.files());
    }

    @ExceptionHandler(StaleBaseVersionException.class)
    ResponseEntity<ApiError> stale(StaleBaseVersionException e) {
        return ErrorAdvice.answer(ErrorCode.STALE_BASE_VERSION, e.getMessage());
    }

    @ExceptionHandler(RulesDirectoryWriter.RulesDirectoryWriteException.class)
    ResponseEntity<ApiError> notWritten(RulesDirectoryWriter.RulesDirectoryWriteException e) {
        log.error("apply failed: {}", e.getMessage(), e.getCause());
        return ErrorAdvice.answer(ErrorCode.INTERNAL_ERROR, e.getMessage());
    }

    private ResponseEntity<ApplyView> answer(ReloadAttempt attempt) throws InterruptedException {
        RulesetHistory.Entry entry = null;
        if (attempt.live()) {
            entry = history.awaitImpact(attempt.version(), impact.budget().plus(IMPACT_WAIT_MARGIN)).orElse(null);
        }
        HttpStatus status = switch (attempt.outcome()) {
            case "COMPILE_FAILED", "SCENARIOS_FAILED", "CANDIDATE_FAILED" -> HttpStatus.UNPROCESSABLE_ENTITY;
            default -> HttpStatus.OK;
        };
        var r = live.get();
        return ResponseEntity.status(status).body(new ApplyView(r == null ? null : r.version(), attempt, entry));
    }

    private JsonNode body(HttpServletRequest request) throws IOException {
        byte[] body = BodyReader.read(request.getInputStream(), request.getContentLengthLong(), maxBodyBytes);
        try {
            JsonNode root = json.readTree(body);
            if (root == null || !root.isObject()) {
                throw invalid("a JSON object", List.of(new Violation("", "must be a JSON object")));
            }
            return root;
        } catch (IOException e) {
            throw invalid("a JSON object", List.of(new Violation("", "not JSON: " + e.getMessage())));
        }
    }

    private static String text(JsonNode root, String field, boolean required, List<Violation> problems) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            if (required) {
                problems.add(new Violation(field, "required"));
            }
            return null;
        }
        if (!n.isTextual() || n.asText().isBlank()) {
            problems.add(new Violation(field, "must be a non-empty string"));
            return null;
        }
        if (n.asText().length() > MAX_MESSAGE) {
            problems.add(new Violation(field, "must be at most " + MAX_MESSAGE + " characters"));
            return null;
        }
        return n.asText().strip();
    }

    /**
     * A file name as reading the directory gives it back ({@code a/b.drl}, never {@code ./a//b.drl}),
     * so the version applied is the version the directory then holds.
     */
    static boolean canonical(String name) {
        for (String segment : name.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }

    private static void unknownFields(JsonNode root, Set<String> known, List<Violation> problems) {
        root.fieldNames().forEachRemaining(k -> {
            if (!known.contains(k)) {
                problems.add(new Violation(k, "unknown field; expected " + String.join(", ", known.stream().sorted().toList())));
            }
        });
    }

    private static RulesetController.InvalidValidateRequest invalid(String shape, List<Violation> problems) {
        return new RulesetController.InvalidValidateRequest("the body must be " + shape, problems);
    }
}
