package io.cilicensing.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import org.kie.api.runtime.rule.RuleContext;

/**
 * A date the tenant must act by. {@code daysRemaining} and {@code status} follow the request contract:
 * PASSED before asOf's date, DUE_SOON within the horizon the rules pass in, else OPEN. Like a
 * finding, it names its rule, the rule's source and, where the rule has one, its interpretation.
 */
@JsonPropertyOrder({"code", "date", "daysRemaining", "status", "ruleId", "source", "interpretation"})
public record Deadline(String code, LocalDate date, long daysRemaining, String status, String ruleId, String source,
                       @JsonInclude(JsonInclude.Include.NON_NULL) String interpretation) {

    public static Deadline of(RuleContext ctx, String code, LocalDate date, LocalDate asOfDate, int dueSoonDays) {
        long days = ChronoUnit.DAYS.between(asOfDate, date);
        String status = days < 0 ? "PASSED" : days <= dueSoonDays ? "DUE_SOON" : "OPEN";
        RuleRef rule = RuleRef.of(ctx);
        return new Deadline(code, date, days, status, rule.id(), rule.source(), rule.interpretation());
    }
}
