package io.cilicensing.report;

import org.kie.api.definition.rule.Rule;
import org.kie.api.runtime.rule.RuleContext;

/** The catalogue ID and source of the rule whose consequence is running, from its metadata. */
record RuleRef(String id, String name, String source) {
    static RuleRef of(RuleContext ctx) {
        Rule rule = ctx.getRule();
        Object id = rule.getMetaData().get("id");
        Object source = rule.getMetaData().get("source");
        return new RuleRef(id == null ? rule.getName() : id.toString(), rule.getName(),
                source == null ? null : source.toString());
    }
}
