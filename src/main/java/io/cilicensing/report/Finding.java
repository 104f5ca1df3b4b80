package io.cilicensing.report;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.LinkedHashMap;
import java.util.Map;
import org.kie.api.runtime.rule.RuleContext;

/**
 * One thing a rule found about a subject. Rules create findings with {@link #of} so that the
 * rule ID, source and interpretation come from the rule's own {@code @id}, {@code @source} and
 * {@code @interpretation}.
 */
@JsonPropertyOrder({"code", "severity", "ruleId", "subject", "message", "source", "interpretation", "data"})
public final class Finding {
    private final String code;
    private final Severity severity;
    private final String ruleId;
    private final String ruleName;
    private final String subject;
    private final String message;
    private final String source;
    private final String interpretation;
    private final Map<String, Object> data;

    public Finding(String code, Severity severity, String ruleId, String ruleName, String subject, String message,
                   String source, String interpretation, Map<String, Object> data) {
        this.code = code;
        this.severity = severity;
        this.ruleId = ruleId;
        this.ruleName = ruleName;
        this.subject = subject;
        this.message = message;
        this.source = source;
        this.interpretation = interpretation;
        this.data = data;
    }

    public static Finding of(RuleContext ctx, String code, Severity severity, String subject, String message) {
        return of(ctx, code, severity, subject, message, Map.of());
    }

    public static Finding of(RuleContext ctx, String code, Severity severity, String subject, String message,
                             Map<String, ?> data) {
        RuleRef rule = RuleRef.of(ctx);
        return new Finding(code, severity, rule.id(), rule.name(), subject, message, rule.source(),
                rule.interpretation(), new LinkedHashMap<>(data));
    }

    public String getCode() { return code; }
    public Severity getSeverity() { return severity; }
    public String getRuleId() { return ruleId; }
    @JsonIgnore
    public String getRuleName() { return ruleName; }
    public String getSubject() { return subject; }
    public String getMessage() { return message; }
    public String getSource() { return source; }
    /** The rule's reading of the policy where it reads rather than quotes it; absent otherwise. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public String getInterpretation() { return interpretation; }
    public Map<String, Object> getData() { return data; }

    /** True when the subject is a request: such findings decide the request, never the tenant verdict. */
    @JsonIgnore
    public boolean isOnRequest() { return subject.startsWith("requests/"); }

    @Override
    public String toString() {
        return ruleId + " " + severity + " " + code + " on " + subject;
    }
}
