package io.cilicensing.web;

import io.cilicensing.engine.LiveRuleset;
import io.cilicensing.engine.Ruleset;
import io.cilicensing.facts.BadFactsException;
import io.cilicensing.ops.ObservedDecisions;
import io.cilicensing.report.DecisionReport;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /v1/decisions}: a tenant fact set in, a decision report out (the request contract). */
@RestController
public class DecisionController {
    public static final String VERSION_HEADER = "X-Ruleset-Version";

    private final ObservedDecisions decisions;
    private final LiveRuleset live;
    private final long maxBodyBytes;

    public DecisionController(ObservedDecisions decisions, LiveRuleset live,
                              @Value("${decisions.max-body-bytes}") long maxBodyBytes) {
        this.decisions = decisions;
        this.live = live;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Takes {@code application/json} in UTF-8 only (415 otherwise: {@link RequestBodies}). */
    @PostMapping(path = "/v1/decisions", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<DecisionReport> decide(HttpServletRequest request) throws IOException {
        RequestBodies.requireUtf8Charset(request.getContentType());
        byte[] body;
        try {
            body = BodyReader.read(request.getInputStream(), request.getContentLengthLong(), maxBodyBytes);
        } catch (BadFactsException e) {
            decisions.rejected(e.error());
            throw e;
        }
        RequestBodies.requireUtf8(body);
        Ruleset ruleset = live.require();
        DecisionReport report = decisions.decide(body, ruleset);
        return ResponseEntity.ok().header(VERSION_HEADER, ruleset.version()).body(report);
    }
}
