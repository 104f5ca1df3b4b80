package io.cilicensing.batch;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import io.cilicensing.facts.BadFactsException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Splits a JSON-array batch body into its items without building them: each item is the span
 * of bytes it occupies in the body (so it is decided, and hashed for the decision log, exactly
 * as received). The whole array is checked first, so a syntax error or too many items is
 * answered (400 MALFORMED_JSON, 413 TOO_LARGE) before anything is decided.
 */
final class JsonArrayItems {
    private static final JsonFactory FACTORY = new JsonFactory();

    /** An item: where it starts and ends in the body, or -1 as start for an item that is not an object. */
    record Span(int start, int end, JsonLocation location) {
        boolean isObject() {
            return start >= 0;
        }
    }

    private static final Pattern PARSER_DETAILS = Pattern.compile(
            "\\s*\\(start marker at \\[Source:.*?\\]\\)|\\s*\\[Source:.*?\\]|, from `[^`]*`");

    private JsonArrayItems() {}

    /**
     * The parser's message without what names the parser: its source description, and the
     * setting a limit comes from ("... exceeds the maximum allowed (1000)").
     */
    static String plain(String message) {
        return message == null ? "not JSON" : PARSER_DETAILS.matcher(message).replaceAll("");
    }

    static List<Span> split(byte[] body, int maxItems) {
        List<Span> items = new ArrayList<>();
        try (JsonParser p = FACTORY.createParser(body)) {
            JsonToken t = p.nextToken();
            if (t != JsonToken.START_ARRAY) {
                throw BadFactsException.malformed(p.currentTokenLocation(), t == null
                        ? "the body is empty; a batch is a JSON array of fact sets"
                        : "a batch is a JSON array of fact sets (or NDJSON with Content-Type application/x-ndjson)");
            }
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t == null) {
                    throw BadFactsException.malformed(p.currentLocation(), "unexpected end of input in the batch array");
                }
                if (items.size() == maxItems) {
                    throw BadFactsException.tooLarge("the batch has more than the limit of " + maxItems
                            + " items (property decisions.batch.max-items)");
                }
                JsonLocation at = p.currentTokenLocation();
                if (t == JsonToken.START_OBJECT) {
                    int start = (int) at.getByteOffset();
                    p.skipChildren();
                    items.add(new Span(start, (int) p.currentLocation().getByteOffset(), at));
                } else {
                    p.skipChildren(); // an array: skipped whole; a scalar: nothing to skip
                    items.add(new Span(-1, -1, at));
                }
            }
            if (p.nextToken() != null) {
                throw BadFactsException.malformed(p.currentTokenLocation(), "unexpected content after the batch array");
            }
            return items;
        } catch (JsonEOFException e) {
            throw BadFactsException.malformed(e.getLocation(), "unexpected end of input in the batch array");
        } catch (JsonProcessingException e) {
            throw BadFactsException.malformed(e.getLocation(), plain(e.getOriginalMessage()));
        } catch (IOException e) {
            throw BadFactsException.malformed("line 1, column 1: " + e.getMessage());
        }
    }
}
