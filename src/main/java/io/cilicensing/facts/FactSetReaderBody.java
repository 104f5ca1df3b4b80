package io.cilicensing.facts;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A request body that is syntactically a JSON object, not yet validated: the top-level members
 * as a tree, except a top-level {@code interactions} array, which is streamed into compact
 * {@link RawInteraction}s (a hundred thousand records as a tree would cost several times the
 * time and memory). Parsing is where MALFORMED_JSON and the TOO_LARGE record limit come from.
 */
final class FactSetReaderBody {
    /** Marks a record field whose value is neither a string nor null. */
    static final Object NOT_A_STRING = new Object();

    /** One element of {@code interactions[]}, as posted: each field a String, {@link #NOT_A_STRING} or null. */
    static final class RawInteraction {
        /** True when the element is not a JSON object (its fields are then all null). */
        boolean notAnObject;
        Object personId;
        Object date;
        Object channel;
        Object environmentId;
        /** Names of fields other than the four above, or null when there are none. */
        List<String> unknownFields;
    }

    /** The top-level members; {@code interactions} is absent from it when it was an array. */
    final ObjectNode root;
    /** The {@code interactions} array's records, or null when there was no such array. */
    final List<RawInteraction> interactions;

    private FactSetReaderBody(ObjectNode root, List<RawInteraction> interactions) {
        this.root = root;
        this.interactions = interactions;
    }

    /**
     * @throws BadFactsException MALFORMED_JSON (message {@code line L, column C: ...}), or TOO_LARGE
     *         as soon as {@code interactions} holds more than {@code maxInteractions} records
     */
    static FactSetReaderBody parse(ObjectMapper mapper, byte[] body, int maxInteractions) {
        Utf8.check(body);
        JsonParser p = null;
        try {
            p = mapper.createParser(body);
            JsonToken first = p.nextToken();
            if (first == null) {
                throw BadFactsException.malformed(p.currentLocation(), "no content; expected a JSON object");
            }
            if (first != JsonToken.START_OBJECT) {
                throw BadFactsException.malformed(p.currentTokenLocation(),
                        "the top-level value must be a JSON object, not " + describe(first));
            }
            ObjectNode root = mapper.createObjectNode();
            List<RawInteraction> interactions = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (value == JsonToken.START_ARRAY && name.equals("interactions")) {
                    interactions = interactions(p, maxInteractions);
                } else {
                    root.set(name, mapper.readTree(p));
                }
            }
            // the loop ends on END_OBJECT: the parser reports anything else as a syntax error
            if (p.nextToken() != null) {
                throw BadFactsException.malformed(p.currentTokenLocation(), "unexpected content after the top-level object");
            }
            return new FactSetReaderBody(root, interactions);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation() != null ? e.getLocation() : p == null ? null : p.currentLocation();
            throw BadFactsException.malformed(at, plain(e.getOriginalMessage()));
        } catch (IOException e) {
            throw BadFactsException.malformed("line 1, column 1: " + e.getMessage());
        } finally {
            if (p != null) {
                try {
                    p.close();
                } catch (IOException ignored) {
                    // a byte array: nothing to release
                }
            }
        }
    }

    /** A parser message without the names of Jackson's settings ("from `StreamReadConstraints...`"). */
    static String plain(String message) {
        return message == null ? "not JSON" : message
                .replaceAll("\\[Source: [^;\\]]*; line: (\\d+), column: (\\d+)\\]", "line $1, column $2")
                .replaceAll(",? ?\\(?from `[^`]*`\\)?", "")
                .replaceAll("`[A-Za-z]+(Feature|Constraints)[^`]*`", "a parser setting");
    }

    /** Reads the records of the array the parser is at, up to its END_ARRAY. */
    private static List<RawInteraction> interactions(JsonParser p, int max) throws IOException {
        List<RawInteraction> records = new ArrayList<>();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) {
                throw BadFactsException.malformed(p.currentLocation(), "unexpected end of input in interactions");
            }
            if (records.size() == max) {
                throw BadFactsException.tooLarge("interactions: more than the limit of " + max + " records");
            }
            RawInteraction r = new RawInteraction();
            if (t != JsonToken.START_OBJECT) {
                r.notAnObject = true;
                p.skipChildren();
            } else {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken v = p.nextToken();
                    Object value = v == JsonToken.VALUE_STRING ? p.getText()
                            : v == JsonToken.VALUE_NULL ? null : NOT_A_STRING;
                    p.skipChildren(); // no-op unless the value is an object or array
                    switch (name) {
                        case "personId" -> r.personId = value;
                        case "date" -> r.date = value;
                        case "channel" -> r.channel = value;
                        case "environmentId" -> r.environmentId = value;
                        default -> {
                            if (r.unknownFields == null) {
                                r.unknownFields = new ArrayList<>(2);
                            }
                            r.unknownFields.add(name);
                        }
                    }
                }
            }
            records.add(r);
        }
        return records;
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.name();
        };
    }
}
