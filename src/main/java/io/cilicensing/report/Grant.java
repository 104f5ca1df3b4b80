package io.cilicensing.report;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.kie.api.runtime.rule.RuleContext;

/**
 * One contribution to an entitlement: a fact the grant rules insert, added up into
 * {@link Entitlements} by DEF-ENTITLEMENTS and kept in the answer, so that it shows where each
 * quota came from. The target is the typed {@link Entitlement}: a misspelt one does not compile.
 */
@JsonPropertyOrder({"entitlement", "amount", "subject", "ruleId", "interpretation"})
public record Grant(@JsonIgnore Entitlement kind, long amount, String subject, String ruleId,
                    @JsonInclude(JsonInclude.Include.NON_NULL) String interpretation) {

    /**
     * A grant of {@code amount} to {@code kind} for {@code subject}, made by the running rule; it
     * carries the rule's {@code @interpretation} when the rule has one.
     */
    public static Grant of(RuleContext ctx, String subject, Entitlement kind, long amount) {
        RuleRef rule = RuleRef.of(ctx);
        return new Grant(kind, amount, subject, rule.id(), rule.interpretation());
    }

    /** The entitlement's name in the answer ({@code interactedPeople}, ...). */
    @JsonProperty("entitlement")
    public String entitlement() {
        return kind.field();
    }
}
