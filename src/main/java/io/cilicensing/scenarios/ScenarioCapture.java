package io.cilicensing.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.cilicensing.report.Deadline;
import io.cilicensing.report.DecisionReport;
import io.cilicensing.report.Finding;
import io.cilicensing.report.ReportJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A decision turned into a scenario file (README > Scenario files): its request is the fact set, with the
 * {@code asOf} it was decided for when the body had none, and its expectations are the answer
 * given: the verdict, every finding (code, subject, rule, severity; exactly those), the deadlines,
 * each request's outcome and the entitlements that are granted (those not zero or empty).
 */
public final class ScenarioCapture {
    private static final ObjectMapper JSON = ReportJson.mapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));

    /** A scenario file's suggested name (named after what it shows) and text. */
    public record Captured(String fileName, String yaml) {}

    private ScenarioCapture() {}

    /**
     * @param body    the fact set as decided
     * @param asOf    the instant it was decided for (written into the request when the body has none)
     * @param report  the answer the scenario expects
     * @param origin  a comment line saying where the case came from
     */
    public static Captured of(byte[] body, Instant asOf, DecisionReport report, String origin) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("name", name(report));
        ArrayNode covers = root.putArray("covers");
        Set<String> rules = new TreeSet<>();
        report.findings().forEach(f -> rules.add(f.getRuleId()));
        report.deadlines().forEach(d -> rules.add(d.ruleId()));
        rules.forEach(covers::add);
        root.set("request", request(body, asOf));
        root.set("expect", expect(report));
        try {
            String yaml = "# " + origin + "\n# Review the expectations before committing: they are the answer the "
                    + "rules give today.\n" + YAML.writeValueAsString(root);
            return new Captured(fileName(report), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode request(byte[] body, Instant asOf) {
        JsonNode facts;
        try {
            facts = JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("the fact set is not JSON: " + e.getMessage(), e);
        }
        if (!(facts instanceof ObjectNode given) || facts.has("asOf")) {
            return facts;
        }
        ObjectNode withAsOf = JsonNodeFactory.instance.objectNode();
        withAsOf.put("asOf", asOf.toString());
        withAsOf.setAll(given);
        return withAsOf;
    }

    private static ObjectNode expect(DecisionReport report) {
        ObjectNode expect = JsonNodeFactory.instance.objectNode();
        expect.put("verdict", report.verdict());
        ObjectNode entitlements = granted(JSON.valueToTree(report.entitlements()));
        if (entitlements != null) {
            expect.set("entitlements", entitlements);
        }
        ObjectNode findings = expect.putObject("findings");
        ArrayNode include = findings.putArray("include");
        for (Finding f : report.findings()) {
            include.addObject().put("code", f.getCode()).put("subject", f.getSubject()).put("ruleId", f.getRuleId())
                    .put("severity", f.getSeverity().name());
        }
        findings.put("exactly", true);
        if (!report.deadlines().isEmpty()) {
            ArrayNode deadlines = expect.putObject("deadlines").putArray("include");
            for (Deadline d : report.deadlines()) {
                deadlines.addObject().put("code", d.code()).put("date", d.date().toString()).put("status", d.status());
            }
        }
        if (!report.requests().isEmpty()) {
            ObjectNode requests = expect.putObject("requests");
            report.requests().forEach(r -> requests.put(r.id(), r.outcome()));
        }
        return expect;
    }

    /** The leaves that say something: non-zero numbers, non-empty text, true; null when none. */
    private static ObjectNode granted(JsonNode node) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (v.isObject()) {
                ObjectNode inner = granted(v);
                if (inner != null) {
                    out.set(e.getKey(), inner);
                }
            } else if ((v.isNumber() && v.decimalValue().signum() != 0) || (v.isTextual() && !v.asText().isEmpty())
                    || (v.isBoolean() && v.asBoolean())) {
                out.set(e.getKey(), v);
            }
        }
        return out.isEmpty() ? null : out;
    }

    private static List<String> distinctCodes(DecisionReport report) {
        Set<String> codes = new LinkedHashSet<>();
        report.findings().forEach(f -> codes.add(f.getCode()));
        return new ArrayList<>(codes);
    }

    private static String name(DecisionReport report) {
        List<String> codes = distinctCodes(report);
        StringBuilder sb = new StringBuilder("Tenant ").append(report.tenantId()).append(" is ")
                .append(report.verdict());
        sb.append(codes.isEmpty() ? " with no findings" : " with " + String.join(", ", codes));
        if (!report.requests().isEmpty()) {
            List<String> outcomes = new ArrayList<>();
            report.requests().forEach(r -> outcomes.add(r.id() + " " + r.type() + " " + r.outcome()));
            sb.append("; requests ").append(String.join(", ", outcomes));
        }
        return sb.toString();
    }

    private static String fileName(DecisionReport report) {
        List<String> codes = distinctCodes(report);
        List<String> parts = new ArrayList<>();
        parts.add(report.verdict());
        if (codes.isEmpty()) {
            parts.add("no findings");
        } else {
            parts.addAll(codes.subList(0, Math.min(2, codes.size())));
        }
        parts.add(report.tenantId() == null ? "tenant" : report.tenantId());
        String slug = String.join("-", parts).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
                .replaceAll("(^-|-$)", "");
        if (slug.length() > 100) {
            slug = slug.substring(0, 100).replaceAll("-$", "");
        }
        return slug + ".yaml";
    }
}
