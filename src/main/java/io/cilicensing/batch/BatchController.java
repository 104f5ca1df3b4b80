package io.cilicensing.batch;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cilicensing.engine.LiveRuleset;
import io.cilicensing.engine.Ruleset;
import io.cilicensing.facts.BadFactsException;
import io.cilicensing.ops.ObservedDecisions;
import io.cilicensing.web.ApiError;
import io.cilicensing.web.BodyReader;
import io.cilicensing.web.DecisionController;
import io.cilicensing.web.ErrorAdvice;
import io.cilicensing.web.RequestBodies;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;
import io.cilicensing.engine.DecisionIds;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/decisions/batch}: many fact sets in, one result per fact set out, in order,
 * all decided with one ruleset (taken once; header {@code X-Ruleset-Version}). An item that
 * cannot be decided gets its own error result; it never fails the others.
 * The body is UTF-8 (415 otherwise, as for a single decision: {@link RequestBodies}).
 * <ul>
 *   <li>{@code Content-Type: application/json}: a JSON array of fact sets in, a JSON array of
 *       {@link BatchResult} out. The body is held to {@code decisions.batch.max-bytes} and
 *       checked whole before anything is decided (400 / 413 for the batch).</li>
 *   <li>{@code Content-Type: application/x-ndjson}: one fact set per line in, one result per
 *       line out, each written and flushed as soon as it is decided; the service holds one line
 *       at a time. Past {@code decisions.batch.max-items} the answer ends with a 413 TOO_LARGE
 *       result at the first index over the limit.</li>
 * </ul>
 * Each item is held to {@code decisions.max-body-bytes} (413 result for that item).
 */
@RestController
public class BatchController {
    public static final String NDJSON = "application/x-ndjson";
    private static final MediaType NDJSON_TYPE = MediaType.parseMediaType(NDJSON);
    private static final byte[] NEWLINE = {'\n'};

    private final ObservedDecisions decisions;
    private final LiveRuleset live;
    private final ObjectMapper json;
    private final long maxItemBytes;
    private final int maxItems;
    private final long maxBytes;

    public BatchController(ObservedDecisions decisions, LiveRuleset live, ObjectMapper json,
                           @Value("${decisions.max-body-bytes}") long maxItemBytes,
                           @Value("${decisions.batch.max-items}") int maxItems,
                           @Value("${decisions.batch.max-bytes}") long maxBytes) {
        this.decisions = decisions;
        this.live = live;
        this.json = json;
        this.maxItemBytes = maxItemBytes;
        this.maxItems = maxItems;
        this.maxBytes = maxBytes;
    }

    @PostMapping(path = "/v1/decisions/batch", consumes = {MediaType.APPLICATION_JSON_VALUE, NDJSON})
    public void decide(HttpServletRequest request, HttpServletResponse response) throws IOException {
        RequestBodies.requireUtf8Charset(request.getContentType());
        if (isNdjson(request.getContentType())) {
            ndjson(request, response);
        } else {
            jsonArray(request, response);
        }
    }

    private void jsonArray(HttpServletRequest request, HttpServletResponse response) throws IOException {
        byte[] body = BodyReader.read(request.getInputStream(), request.getContentLengthLong(), maxBytes,
                "decisions.batch.max-bytes");
        RequestBodies.requireUtf8(body);
        List<JsonArrayItems.Span> items = JsonArrayItems.split(body, maxItems);
        Ruleset ruleset = live.require();
        String batchId = DecisionIds.next();
        start(response, ruleset, MediaType.APPLICATION_JSON_VALUE);
        try (JsonGenerator out = json.createGenerator(response.getOutputStream())) {
            out.writeStartArray();
            for (int i = 0; i < items.size(); i++) {
                JsonArrayItems.Span item = items.get(i);
                BatchResult result;
                if (!item.isObject()) {
                    result = rejected(i, BadFactsException.malformed(item.location(), "a fact set must be a JSON object"));
                } else if (item.end() - item.start() > maxItemBytes) {
                    result = rejected(i, itemTooLarge());
                } else {
                    result = decide(Arrays.copyOfRange(body, item.start(), item.end()), i, ruleset, batchId);
                }
                json.writeValue(out, result);
            }
            out.writeEndArray();
        }
    }

    private void ndjson(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Ruleset ruleset = live.require();
        InputStream in = utf8Checked(request.getInputStream());
        String batchId = DecisionIds.next();
        start(response, ruleset, NDJSON);
        OutputStream out = response.getOutputStream();
        NdjsonLines lines = new NdjsonLines(in, maxItemBytes);
        int index = 0;
        for (NdjsonLines.Line line = lines.next(); line != null; line = lines.next(), index++) {
            if (index == maxItems) {
                write(out, failed(index, BadFactsException.tooLarge("the batch has more than the limit of "
                        + maxItems + " items (property decisions.batch.max-items); items from this index on are"
                        + " not decided")));
                break;
            }
            write(out, line.tooLong() ? rejected(index, itemTooLarge()) : decide(line.bytes(), index, ruleset, batchId));
        }
    }

    /**
     * The stream, its first bytes checked to be UTF-8 (415 before the answer starts) and put
     * back. One read: what has arrived (up to 4 bytes) is checked, so a client that sends a
     * short first line and waits for its result is not kept waiting.
     */
    private static InputStream utf8Checked(InputStream in) throws IOException {
        byte[] head = new byte[RequestBodies.HEAD_BYTES];
        int n = in.read(head);
        if (n <= 0) {
            return in;
        }
        RequestBodies.requireUtf8(head, n);
        // the head first, then the stream: no read waits for more than the client has sent
        return new SequenceInputStream(new ByteArrayInputStream(head, 0, n), in);
    }

    private void write(OutputStream out, BatchResult result) throws IOException {
        out.write(json.writeValueAsBytes(result));
        out.write(NEWLINE);
        out.flush();
    }

    /**
     * One item; whatever stops it (out of memory or a stack overflow too) is that item's error
     * result, so the answer, already started as 200, stays whole and the other items go on.
     */
    private BatchResult decide(byte[] item, int index, Ruleset ruleset, String batchId) {
        try {
            return BatchResult.decided(index, decisions.decide(item, ruleset, batchId, index));
        } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
            return failed(index, e);
        }
    }

    /** An item answered with an error without being decided; counted like a decision's error. */
    private BatchResult rejected(int index, BadFactsException e) {
        decisions.rejected(e.error());
        return failed(index, e);
    }

    private static BatchResult failed(int index, Throwable e) {
        ResponseEntity<ApiError> answer = ErrorAdvice.decisionError(e);
        return BatchResult.failed(index, answer.getStatusCode().value(), answer.getBody());
    }

    private BadFactsException itemTooLarge() {
        return BadFactsException.tooLarge("the item is larger than the limit of " + maxItemBytes
                + " bytes (property decisions.max-body-bytes)");
    }

    private static void start(HttpServletResponse response, Ruleset ruleset, String contentType) {
        response.setStatus(HttpStatus.OK.value());
        response.setContentType(contentType);
        response.setHeader(DecisionController.VERSION_HEADER, ruleset.version());
    }

    static boolean isNdjson(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            return NDJSON_TYPE.equalsTypeAndSubtype(MediaType.parseMediaType(contentType));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
