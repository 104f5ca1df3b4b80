package io.cilicensing.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cilicensing.engine.LiveRuleset;
import io.cilicensing.engine.Ruleset;
import io.cilicensing.facts.Violation;
import io.cilicensing.impact.ImpactReport;
import io.cilicensing.impact.RecentImpact;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/ruleset/impact} (admin): what candidate rule files would change in the recent
 * decisions of the log, replayed against the live ruleset on the service's one low-priority
 * impact thread, within the time budget ({@link RecentImpact}).
 */
@RestController
public class RulesetImpactController {
    private static final Set<String> FIELDS = Set.of("files", "last", "since", "source");

    private final LiveRuleset live;
    private final RecentImpact impact;
    private final AdminGuard admin;
    private final ObjectMapper json;
    private final long maxBodyBytes;

    public RulesetImpactController(LiveRuleset live, RecentImpact impact, AdminGuard admin, ObjectMapper json,
                                   @Value("${decisions.max-body-bytes}") long maxBodyBytes) {
        this.live = live;
        this.impact = impact;
        this.admin = admin;
        this.json = json;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** The body of {@code POST /v1/ruleset/impact} (documentation; the body is read by hand). */
    @Schema(name = "ImpactRequest", description = "Candidate rule files and the log window to replay")
    public record ImpactRequest(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED,
                    description = "The complete candidate ruleset: rule file name (relative, ending in .drl) to DRL text")
            Map<String, String> files,
            @Schema(description = "Replay at most the last N logged decisions (default: the property rules.impact.last)",
                    minimum = "1", example = "500")
            Integer last,
            @Schema(description = "Only decisions logged at or after this instant", example = "2026-11-29T00:00:00Z")
            Instant since,
            @Schema(description = "log (the default): the recent decision log; kafka (an instance that consumes "
                    + "Kafka): every tenant's latest fact set in the compacted facts topic",
                    allowableValues = {"log", "kafka"})
            String source) {}

    @Operation(tags = "ruleset", operationId = "impact",
            summary = "What candidate rule files would change in recent decisions (admin)",
            description = "Replays the last `last` logged decisions (at or after `since`) with the live ruleset and "
                    + "with the candidate, and groups what changes: verdicts, request outcomes, findings, "
                    + "entitlements, deadlines, with the rules through which they change and example decisions. "
                    + "The candidate is replayed in the worker process (candidate rules are code), driven by one "
                    + "low-priority background thread, within `rules.impact.time-budget` (20 s); with `source` "
                    + "kafka, every tenant's latest fact set on two threads within `rules.impact.kafka-time-budget` "
                    + "(5 min). `cutShort` says when the input was not replayed whole. Requests are served one at a "
                    + "time.",
            security = @SecurityRequirement(name = "adminToken"),
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                    content = @Content(mediaType = "application/json",
                            schema = @Schema(implementation = ImpactRequest.class))),
            responses = {
                @ApiResponse(responseCode = "200", description = "NO_CHANGE or CHANGED",
                        content = @Content(mediaType = "application/json",
                                schema = @Schema(implementation = ImpactReport.class))),
                @ApiResponse(responseCode = "422", description = "COMPILE_FAILED: errors lists file, line, message; "
                        + "CANDIDATE_FAILED: the candidate stopped, hung or exhausted the worker process that replays it "
                        + "(failure says how, and in which rule)",
                        content = @Content(mediaType = "application/json",
                                schema = @Schema(implementation = ImpactReport.class))),
                @ApiResponse(responseCode = "400", description = "The body is not {\"files\": {...}, \"last\": N, "
                        + "\"since\": instant} (INVALID_REQUEST)",
                        content = @Content(mediaType = "application/json",
                                schema = @Schema(ref = "#/components/schemas/ApiError"))),
                @ApiResponse(responseCode = "401", ref = "#/components/responses/AdminUnauthorized"),
                @ApiResponse(responseCode = "403", ref = "#/components/responses/AdminDisabled"),
                @ApiResponse(responseCode = "503", ref = "#/components/responses/NoRuleset")
            })
    @PostMapping("/v1/ruleset/impact")
    public ResponseEntity<ImpactReport> impact(HttpServletRequest request) throws IOException, InterruptedException {
        admin.check(request);
        byte[] body = BodyReader.read(request.getInputStream(), request.getContentLengthLong(), maxBodyBytes);
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (IOException e) {
            throw invalid(List.of(new Violation("", "not JSON: " + e.getMessage())));
        }
        List<Violation> problems = new ArrayList<>();
        SortedMap<String, String> files = RulesetController.ruleFiles(root, problems);
        Integer last = null;
        Instant since = null;
        boolean kafka = false;
        if (root != null && root.isObject()) {
            JsonNode src = root.get("source");
            if (src != null && !src.isNull()) {
                if (!src.isTextual() || !List.of("log", "kafka").contains(src.asText())) {
                    problems.add(new Violation("source", "must be \"log\" (the default) or \"kafka\""));
                } else if (src.asText().equals("kafka")) {
                    if (impact.factsTopic() == null) {
                        problems.add(new Violation("source", "this instance does not consume Kafka "
                                + "(decisions.kafka.enabled=false): no facts topic to read"));
                    }
                    kafka = true;
                }
            }
            JsonNode l = root.get("last");
            if (l != null && !l.isNull()) {
                if (!l.canConvertToInt() || !l.isIntegralNumber() || l.asInt() < 1) {
                    problems.add(new Violation("last", "must be a whole number >= 1"));
                } else {
                    last = l.asInt();
                }
            }
            JsonNode s = root.get("since");
            if (s != null && !s.isNull()) {
                try {
                    since = Instant.parse(s.asText());
                } catch (DateTimeParseException e) {
                    problems.add(new Violation("since", "must be an instant like 2026-11-29T00:00:00Z"));
                }
            }
            root.fieldNames().forEachRemaining(k -> {
                if (!FIELDS.contains(k)) {
                    problems.add(new Violation(k, "unknown field; expected files, last, since, source"));
                }
            });
        }
        if (kafka && (last != null || since != null)) {
            problems.add(new Violation("source", "last and since select logged decisions; source kafka reads every "
                    + "tenant's latest fact set"));
        }
        if (!problems.isEmpty()) {
            throw invalid(problems);
        }
        Ruleset baseline = live.require();
        ImpactReport report = impact.candidate(baseline, files, last, since, kafka ? impact.factsTopic() : null);
        HttpStatus status = ImpactReport.COMPILE_FAILED.equals(report.outcome())
                || ImpactReport.CANDIDATE_FAILED.equals(report.outcome()) ? HttpStatus.UNPROCESSABLE_ENTITY : HttpStatus.OK;
        return ResponseEntity.status(status).body(report);
    }

    private static RulesetController.InvalidValidateRequest invalid(List<Violation> problems) {
        return new RulesetController.InvalidValidateRequest(
                "the body must be {\"files\": {\"name.drl\": \"text\", ...}, \"last\": N, \"since\": \"instant\"}",
                problems);
    }
}
