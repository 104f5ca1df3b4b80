package io.cilicensing.engine;

import io.cilicensing.report.DecisionReport.FiredRule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kie.api.definition.rule.Rule;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;

/**
 * Agenda listener recording which rules fired, in order of first firing, with their {@code @id};
 * and telling the decision's {@link HaltSignal} which rule's consequence runs, so a decision
 * stopped at its time budget names it.
 */
final class FiredRules extends DefaultAgendaEventListener {
    private final Map<String, Counter> byName = new LinkedHashMap<>();
    private final HaltSignal halt;

    FiredRules() {
        this(HaltSignal.NEVER);
    }

    FiredRules(HaltSignal halt) {
        this.halt = halt;
    }

    @Override
    public void beforeMatchFired(BeforeMatchFiredEvent event) {
        if (halt != HaltSignal.NEVER) {
            halt.firing(event.getMatch().getRule().getName());
        }
    }

    @Override
    public void afterMatchFired(AfterMatchFiredEvent event) {
        if (halt != HaltSignal.NEVER) {
            halt.firing(null);
        }
        Rule rule = event.getMatch().getRule();
        byName.computeIfAbsent(rule.getName(), n -> new Counter(idOf(rule))).count++;
    }

    List<FiredRule> list() {
        List<FiredRule> out = new ArrayList<>(byName.size());
        byName.forEach((name, c) -> out.add(new FiredRule(c.id, name, c.count)));
        return out;
    }

    /** Names of the rules that fired most, with their counts: what a looping ruleset is made of. */
    List<String> mostFired(int n) {
        return list().stream().sorted(Comparator.comparingInt(FiredRule::count).reversed()).limit(n)
                .map(f -> f.name() + " (" + f.count() + "x)").toList();
    }

    private static String idOf(Rule rule) {
        Object id = rule.getMetaData().get("id");
        return id == null ? rule.getName() : id.toString();
    }

    private static final class Counter {
        final String id;
        int count;

        Counter(String id) {
            this.id = id;
        }
    }
}
