package io.cilicensing.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cilicensing.engine.DecisionThreadsExhaustedException;
import io.cilicensing.engine.NoRulesetException;
import io.cilicensing.engine.Ruleset;
import io.cilicensing.facts.BadFactsException;
import io.cilicensing.ops.ObservedDecisions;
import io.cilicensing.report.DecisionReport;
import io.cilicensing.web.ApiError;
import io.cilicensing.web.BodyReader;
import io.cilicensing.web.ErrorAdvice;
import io.cilicensing.web.ErrorCode;
import io.cilicensing.web.RequestBodies;
import io.cilicensing.web.RequestRefusedException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.http.ResponseEntity;

/**
 * Decides one record's value exactly as {@code POST /v1/decisions} decides a body: the same
 * size limit, the same UTF-8 check, {@link ObservedDecisions} (decision threads, time budget,
 * metrics, decision log), the same JSON mapping of the report, and for what cannot be decided
 * the same error code and error JSON ({@link ErrorAdvice#decisionError}).
 */
final class RecordDecider {
    static final String MAX_BODY_PROPERTY = "decisions.max-body-bytes";

    /** What became of one record. */
    sealed interface Outcome {
        /** A report: {@code json} is exactly the body {@code POST /v1/decisions} answers. */
        record Decided(DecisionReport report, byte[] json) implements Outcome {}

        /** Not decidable: the code and error JSON HTTP would answer. */
        record DeadLetter(String error, byte[] errorBody) implements Outcome {}

        /**
         * This instance cannot decide anything now (no ruleset, every decision thread stuck): not
         * the record's fault, so it is not dead-lettered; its batch is tried again.
         */
        record Unavailable(RuntimeException cause) implements Outcome {}
    }

    /** Room left in a record for its key and headers besides the value (and error body). */
    static final int RECORD_OVERHEAD = 1024;

    private final ObservedDecisions decisions;
    private final ObjectMapper json;
    private final long maxBodyBytes;
    private final int maxRecordBytes;

    /**
     * {@code maxRecordBytes}: the producer's {@code max.request.size}. A record past it could never
     * be sent, and its transaction would abort on every try: a report past it is dead-lettered
     * instead (TOO_LARGE), and a dead letter's error body loses its violations.
     */
    RecordDecider(ObservedDecisions decisions, ObjectMapper json, long maxBodyBytes, int maxRecordBytes) {
        this.decisions = decisions;
        this.json = json;
        this.maxBodyBytes = maxBodyBytes;
        this.maxRecordBytes = maxRecordBytes;
    }

    Outcome decide(byte[] value, Ruleset ruleset) {
        byte[] body = value == null ? new byte[0] : value; // a tombstone is an empty body
        try {
            if (body.length > maxBodyBytes) {
                refuseTooLarge(body);
            }
            RequestBodies.requireUtf8(body);
            DecisionReport report = decisions.decide(body, ruleset);
            byte[] answer = json.writeValueAsBytes(report);
            if (answer.length > maxRecordBytes - RECORD_OVERHEAD) {
                return deadLetter(body, ErrorCode.TOO_LARGE, ApiError.of(ErrorCode.TOO_LARGE, "the decision report is "
                        + answer.length + " bytes, more than a Kafka record may hold (the producer's max.request.size, "
                        + maxRecordBytes + " bytes); decide this fact set over HTTP, or raise"
                        + " spring.kafka.producer.properties.max.request.size and the topics' max.message.bytes"));
            }
            return new Outcome.Decided(report, answer);
        } catch (RequestRefusedException e) { // a body in UTF-16 or UTF-32, as HTTP refuses it
            return deadLetter(body, e.code(), ApiError.of(e.code(), e.getMessage()));
        } catch (NoRulesetException | DecisionThreadsExhaustedException e) {
            return new Outcome.Unavailable(e);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
            ResponseEntity<ApiError> answer = ErrorAdvice.decisionError(e);
            return deadLetter(body, ErrorCode.named(answer.getBody().error()), answer.getBody());
        }
    }

    /**
     * The error HTTP answers for {@code value} before deciding anything (TOO_LARGE past
     * decisions.max-body-bytes, a body not in UTF-8), or null; nothing is counted.
     */
    String refused(byte[] value) {
        byte[] body = value == null ? new byte[0] : value;
        if (body.length > maxBodyBytes) {
            return ErrorCode.TOO_LARGE.name();
        }
        try {
            RequestBodies.requireUtf8(body);
            return null;
        } catch (RequestRefusedException e) {
            return e.code().name();
        }
    }

    /** 413 TOO_LARGE with the message HTTP gives, counted as HTTP counts it. */
    private void refuseTooLarge(byte[] body) {
        try {
            BodyReader.read(new ByteArrayInputStream(body), body.length, maxBodyBytes, MAX_BODY_PROPERTY);
        } catch (BadFactsException e) {
            decisions.rejected(e.error());
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("a body over the limit was read");
    }

    private Outcome deadLetter(byte[] body, ErrorCode code, ApiError error) {
        try {
            byte[] errorBody = json.writeValueAsBytes(error);
            if ((long) body.length + errorBody.length > maxRecordBytes - RECORD_OVERHEAD
                    && error.violations() != null && !error.violations().isEmpty()) {
                errorBody = json.writeValueAsBytes(new ApiError(error.error(), error.message() + " ("
                        + error.violations().size() + " violations, left out here: they do not fit in a Kafka record)",
                        java.util.List.of(), error.rules()));
            }
            return new Outcome.DeadLetter(error.error() != null ? error.error() : code.name(), errorBody);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
