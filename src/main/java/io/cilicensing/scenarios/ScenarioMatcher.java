package io.cilicensing.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares a decision (as the JSON the endpoint answers) with a scenario's {@code expect},
 * as the scenario format (README > Scenario files) says: partial, field by field, numbers by value; findings, deadlines,
 * request outcomes and fired rules by their own rules. Returns every difference.
 */
final class ScenarioMatcher {
    private ScenarioMatcher() {}

    static List<Difference> match(JsonNode expect, JsonNode answer) {
        List<Difference> diffs = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = expect.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            JsonNode want = e.getValue();
            switch (key) {
                case "findings" -> findings(want, answer.path("findings"), diffs);
                case "deadlines" -> deadlines(want, answer.path("deadlines"), diffs);
                case "requests" -> requests(want, answer.path("requests"), diffs);
                case "fired" -> fired(want, answer.path("firedRules"), true, diffs);
                case "notFired" -> fired(want, answer.path("firedRules"), false, diffs);
                case "error", "paths" -> diffs.add(new Difference("error", want.toString(),
                        "a decision (verdict " + answer.path("verdict").asText() + ")"));
                default -> partial(key, want, answer.get(key), diffs);
            }
        }
        return diffs;
    }

    /** Objects field by field, recursively; numbers by value; arrays element by element; null must be null. */
    static void partial(String path, JsonNode want, JsonNode got, List<Difference> diffs) {
        if (want == null || want.isNull()) {
            if (got != null && !got.isNull()) {
                diffs.add(new Difference(path, "null", got.toString()));
            }
            return;
        }
        if (got == null || got.isMissingNode()) {
            diffs.add(new Difference(path, want.toString(), "(absent)"));
            return;
        }
        if (want.isObject()) {
            if (!got.isObject()) {
                diffs.add(new Difference(path, want.toString(), got.toString()));
                return;
            }
            want.fields().forEachRemaining(f -> partial(path + "." + f.getKey(), f.getValue(), got.get(f.getKey()), diffs));
        } else if (want.isArray()) {
            if (!got.isArray() || got.size() != want.size()) {
                diffs.add(new Difference(path, want.toString(), got.toString()));
                return;
            }
            for (int i = 0; i < want.size(); i++) {
                partial(path + "[" + i + "]", want.get(i), got.get(i), diffs);
            }
        } else if (!scalarEquals(want, got)) {
            diffs.add(new Difference(path, want.toString(), got.toString()));
        }
    }

    private static boolean scalarEquals(JsonNode want, JsonNode got) {
        if (want.isNumber() && got.isNumber()) {
            return want.decimalValue().compareTo(got.decimalValue()) == 0;
        }
        if (want.isNumber() || got.isNumber() || want.isBoolean() || got.isBoolean()) {
            // YAML may give a string where JSON has a number, e.g. a quoted value; compare as text
            return want.asText().equals(got.asText());
        }
        return want.asText().equals(got.asText());
    }

    private static boolean matches(JsonNode want, JsonNode got) {
        List<Difference> d = new ArrayList<>();
        partial("", want, got, d);
        return d.isEmpty();
    }

    private static void findings(JsonNode want, JsonNode got, List<Difference> diffs) {
        JsonNode include = want.isArray() ? want : want.path("include");
        JsonNode exclude = want.path("exclude");
        for (int i = 0; i < include.size(); i++) {
            JsonNode item = include.get(i);
            JsonNode pattern = item.isTextual() ? codeOnly(item) : item;
            if (!anyMatches(pattern, got)) {
                diffs.add(new Difference("findings.include[" + i + "]", pattern.toString(),
                        "no such finding; findings were " + summary(got)));
            }
        }
        for (int i = 0; i < exclude.size(); i++) {
            JsonNode item = exclude.get(i);
            JsonNode pattern = item.isTextual() ? codeOnly(item) : item;
            for (JsonNode f : got) {
                if (matches(pattern, f)) {
                    diffs.add(new Difference("findings.exclude[" + i + "]", "absent: " + pattern, f.toString()));
                }
            }
        }
        if (want.path("exactly").asBoolean(false)) {
            Set<String> wantCodes = new TreeSet<>();
            include.forEach(item -> wantCodes.add(item.isTextual() ? item.asText() : item.path("code").asText()));
            Set<String> gotCodes = new TreeSet<>();
            got.forEach(f -> gotCodes.add(f.path("code").asText()));
            if (!wantCodes.equals(gotCodes)) {
                diffs.add(new Difference("findings (exactly)", wantCodes.toString(), gotCodes.toString()));
            }
        }
    }

    private static void deadlines(JsonNode want, JsonNode got, List<Difference> diffs) {
        JsonNode include = want.isArray() ? want : want.path("include");
        for (int i = 0; i < include.size(); i++) {
            JsonNode item = include.get(i);
            JsonNode pattern = item.isTextual() ? codeOnly(item) : item;
            if (!anyMatches(pattern, got)) {
                diffs.add(new Difference("deadlines.include[" + i + "]", pattern.toString(),
                        "no such deadline; deadlines were " + got));
            }
        }
        for (JsonNode code : want.path("exclude")) {
            for (JsonNode d : got) {
                if (d.path("code").asText().equals(code.asText())) {
                    diffs.add(new Difference("deadlines.exclude", "absent: " + code.asText(), d.toString()));
                }
            }
        }
    }

    private static void requests(JsonNode want, JsonNode got, List<Difference> diffs) {
        want.fields().forEachRemaining(e -> {
            JsonNode outcome = null;
            for (JsonNode r : got) {
                if (r.path("id").asText().equals(e.getKey())) {
                    outcome = r.path("outcome");
                }
            }
            if (outcome == null || !outcome.asText().equals(e.getValue().asText())) {
                diffs.add(new Difference("requests." + e.getKey(), e.getValue().asText(),
                        outcome == null ? "(no such request)" : outcome.asText()));
            }
        });
    }

    private static void fired(JsonNode want, JsonNode firedRules, boolean mustFire, List<Difference> diffs) {
        Set<String> ids = new HashSet<>();
        firedRules.forEach(r -> ids.add(r.path("id").asText()));
        for (JsonNode id : want) {
            boolean did = ids.contains(id.asText());
            if (did != mustFire) {
                diffs.add(new Difference(mustFire ? "fired" : "notFired", (mustFire ? "fired: " : "not fired: ")
                        + id.asText(), "fired were " + new TreeSet<>(ids)));
            }
        }
    }

    private static boolean anyMatches(JsonNode pattern, JsonNode items) {
        for (JsonNode f : items) {
            if (matches(pattern, f)) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode codeOnly(JsonNode code) {
        return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().set("code", code);
    }

    private static String summary(JsonNode findings) {
        List<String> s = new ArrayList<>();
        findings.forEach(f -> s.add(f.path("code").asText() + "@" + f.path("subject").asText()));
        return s.toString();
    }
}
