package io.cilicensing.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.drools.base.definitions.rule.impl.RuleImpl;
import org.drools.base.rule.RuleConditionElement;
import org.drools.base.rule.constraint.Constraint;
import org.kie.api.KieBase;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;

/**
 * Which rule a thread is running, from its stack: for a decision stopped at its time budget, or
 * a candidate that loops or exits in the worker, when no rule is firing (the loop is in a
 * condition) or the firing rule is not known.
 *
 * <p>Drools compiles each rule's Java code (its consequence, and the expressions of its
 * {@code eval}s, predicates and accumulates) into one class of the rule's package, named after
 * the rule ({@code Rule_ENT$u45$09_hostile0}); the consequence is called through
 * {@code <that class>DefaultConsequenceInvoker}, which is how each rule's class is known here,
 * exactly (no parsing of rule names). A frame of that class, or of one of its invokers, names the
 * rule. A constraint ({@code Tenant(id == spin())}) is not compiled into the rule's class: it is
 * evaluated by MVEL, and only a DRL function it calls shows in the stack (class
 * {@code <package>.<Function>}); the rule is then the one whose constraints call that function
 * (the function called from the engine, below any it calls itself). When several rules call it,
 * all are named.
 */
public final class RuleLocator {
    private static final String CONSEQUENCE_INVOKER = "DefaultConsequenceInvoker";

    private RuleLocator() {}

    /** The rule {@code stack} (innermost frame first) is running in one of {@code kieBases}, or null. */
    public static String ruleAt(Collection<KieBase> kieBases, StackTraceElement[] stack) {
        Map<String, String> ruleClasses = new HashMap<>();
        Map<String, String> functionClasses = new HashMap<>();
        List<RuleImpl> rules = new ArrayList<>();
        for (KieBase kb : kieBases) {
            for (KiePackage pkg : kb.getKiePackages()) {
                for (String f : pkg.getFunctionNames()) {
                    functionClasses.put(pkg.getName() + "." + Character.toUpperCase(f.charAt(0)) + f.substring(1), f);
                }
                for (Rule r : pkg.getRules()) {
                    if (r instanceof RuleImpl impl) {
                        rules.add(impl);
                        String cls = ruleClass(impl);
                        if (cls != null) {
                            ruleClasses.put(cls, impl.getName());
                        }
                    }
                }
            }
        }
        String function = null;
        for (StackTraceElement frame : stack) {
            String rule = ruleOf(frame.getClassName(), ruleClasses);
            if (rule != null) {
                return rule;
            }
            String f = functionClasses.get(frame.getClassName());
            if (f != null) {
                function = f; // the last one seen is the one nearest the engine
            }
        }
        return function == null ? null : callersOf(function, rules);
    }

    /** As {@link #ruleAt(Collection, StackTraceElement[])}, for one rule base. */
    public static String ruleAt(KieBase kieBase, StackTraceElement[] stack) {
        return kieBase == null ? null : ruleAt(List.of(kieBase), stack);
    }

    /** The first rule any of {@code stacks} runs in one of {@code kieBases}, or null. */
    public static String ruleAt(Collection<KieBase> kieBases, Iterable<StackTraceElement[]> stacks) {
        for (StackTraceElement[] stack : stacks) {
            String rule = ruleAt(kieBases, stack);
            if (rule != null) {
                return rule;
            }
        }
        return null;
    }

    /** The class Drools compiled the rule's Java code into, or null (no consequence, or not that kind). */
    private static String ruleClass(RuleImpl rule) {
        Object consequence = rule.getConsequence();
        if (consequence == null) {
            return null;
        }
        String name = consequence.getClass().getName();
        return name.endsWith(CONSEQUENCE_INVOKER) ? name.substring(0, name.length() - CONSEQUENCE_INVOKER.length()) : null;
    }

    /**
     * The rule of a frame's class: the rule's class itself or one of its invokers (the rule's class
     * name followed by a letter: {@code ...hostile0Eval0Invoker}; a digit would make another
     * rule's class, whose name only starts alike).
     */
    private static String ruleOf(String className, Map<String, String> ruleClasses) {
        String exact = ruleClasses.get(className);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, String> e : ruleClasses.entrySet()) {
            String cls = e.getKey();
            if (className.length() > cls.length() && className.startsWith(cls)
                    && !Character.isDigit(className.charAt(cls.length()))) {
                return e.getValue();
            }
        }
        return null;
    }

    /** The rules whose conditions call {@code function}, joined with ", "; null when none does. */
    private static String callersOf(String function, List<RuleImpl> rules) {
        Pattern call = Pattern.compile("\\b" + Pattern.quote(function) + "\\s*\\(");
        List<String> callers = new ArrayList<>();
        for (RuleImpl r : rules) {
            if (calls(r.getLhs(), call)) {
                callers.add(r.getName());
            }
        }
        return callers.isEmpty() ? null : String.join(", ", callers);
    }

    private static boolean calls(RuleConditionElement element, Pattern call) {
        if (element == null) {
            return false;
        }
        if (element instanceof org.drools.base.rule.Pattern p) {
            for (Constraint c : p.getConstraints()) {
                if (call.matcher(String.valueOf(c)).find()) {
                    return true;
                }
            }
            if (p.getSource() != null && call.matcher(String.valueOf(p.getSource())).find()) {
                return true;
            }
        }
        for (RuleConditionElement nested : element.getNestedElements()) {
            if (calls(nested, call)) {
                return true;
            }
        }
        return false;
    }
}
