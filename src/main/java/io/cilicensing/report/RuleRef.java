package io.cilicensing.report;

import java.util.Map;
import org.kie.api.definition.rule.Rule;
import org.kie.api.runtime.rule.RuleContext;

/**
 * The catalogue ID, source and interpretation of the rule whose consequence is running, from its
 * metadata. {@code interpretation} is null for a rule that quotes the policy rather than reads it
 * (no {@code @interpretation}).
 */
record RuleRef(String id, String name, String source, String interpretation) {
    static RuleRef of(RuleContext ctx) {
        Rule rule = ctx.getRule();
        Map<String, Object> meta = rule.getMetaData();
        Object id = meta.get("id");
        return new RuleRef(id == null ? rule.getName() : id.toString(), rule.getName(), text(meta.get("source")),
                text(meta.get("interpretation")));
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
