package io.cilicensing.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.drools.base.base.ClassObjectType;
import org.drools.base.definitions.rule.impl.RuleImpl;
import org.drools.base.rule.Declaration;
import org.drools.base.rule.RuleConditionElement;
import org.junit.jupiter.api.Test;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.kie.api.definition.type.FactType;
import org.kie.api.definition.type.Modifies;

/**
 * The order of the rules rests on their layers (salience, classification.drl's header): a rule
 * must see only facts that higher layers have finished. This test makes that convention a
 * checked one. For every rule it collects what the rule reads (each pattern's fact type, its
 * existence and the properties Drools' property reactivity listens to) and what it changes (the
 * facts its consequence inserts, the properties its {@code modify} blocks set: setters, or a
 * method's {@code @Modifies}), and fails for any rule that reads what a rule of its own or a
 * lower layer changes, naming both and the fact.
 */
class RuleLayersTest {
    private static final Path RULES = Path.of("rules");
    private static final Pattern RULE = Pattern.compile("(?m)^rule \"([^\"]+)\"");
    private static final Pattern FUNCTION = Pattern.compile("(?m)^function\\s+(\\w+)\\s+(\\w+)\\s*\\(");
    private static final Pattern INSERT = Pattern.compile("insert(?:Logical)?\\(\\s*(?:new\\s+(\\w+)|(\\w+)\\.of\\(|(\\w+)\\()");
    private static final Pattern MODIFY = Pattern.compile("modify\\((\\$\\w+)\\)\\s*\\{(.*?)\\}\\s*(?:$|;|\\n)",
            Pattern.DOTALL);
    private static final Pattern CALL = Pattern.compile("(?:^|[,{\\s])(\\w+)\\(");
    private static final String EXISTS = "(exists)";

    /** A rule's effect or dependency: a fact type and a property of it (or EXISTS: the fact itself). */
    private record Touch(Class<?> type, String property) {
        boolean affects(Touch read) {
            boolean related = read.type.isAssignableFrom(type) || type.isAssignableFrom(read.type);
            return related && (property.equals(read.property) || property.equals(EXISTS));
        }
    }

    @Test
    void noRuleReadsAFactThatItsOwnOrALowerLayerChanges() {
        SortedMap<String, String> files = RulesetCompiler.readDirectory(RULES);
        Ruleset ruleset = new RulesetCompiler(Clock.systemUTC()).compile(files, "rules");
        String all = String.join("\n", files.values());
        Map<String, String> functionTypes = new HashMap<>();
        Matcher fm = FUNCTION.matcher(all);
        while (fm.find()) {
            functionTypes.put(fm.group(2), fm.group(1));
        }

        Map<Rule, Set<Touch>> reads = new HashMap<>();
        Map<Rule, Set<Touch>> writes = new HashMap<>();
        for (KiePackage pkg : ruleset.kieBase().getKiePackages()) {
            for (Rule rule : pkg.getRules()) {
                RuleImpl impl = (RuleImpl) rule;
                Set<Touch> r = new HashSet<>();
                collectReads(impl.getLhs(), r);
                reads.put(rule, r);
                writes.put(rule, writes(impl, consequenceOf(files, rule.getName()), functionTypes, ruleset));
            }
        }

        List<String> problems = new ArrayList<>();
        reads.forEach((reader, read) -> writes.forEach((writer, written) -> {
            if (reader == writer || salience(writer) > salience(reader)) {
                return;
            }
            for (Touch w : written) {
                for (Touch r : read) {
                    if (w.affects(r)) {
                        problems.add("'" + reader.getName() + "' (salience " + salience(reader) + ") reads "
                                + r.type.getSimpleName() + (r.property.equals(EXISTS) ? "" : "." + r.property)
                                + ", which '" + writer.getName() + "' (salience " + salience(writer) + ") changes");
                    }
                }
            }
        }));
        assertThat(problems).as("rules that read what their own or a lower layer changes").isEmpty();
        // the check sees something: grants (700) change what the derived entitlements (600) read
        assertThat(writes.values().stream().flatMap(Set::stream).map(Touch::property)).contains("interactedPeople");
        assertThat(reads.values().stream().flatMap(Set::stream).map(Touch::property)).contains("interactedPeople");
    }

    @Test
    void theCheckCatchesADecisionReadByAHigherLayer() throws Exception {
        // a grant (700) that reads a finding, which decisions (0) make: the wrong way round
        Ruleset bad = new RulesetCompiler(Clock.systemUTC()).compile(new TreeMap<>(Map.of("x.drl", """
                package t;
                import io.cilicensing.facts.*;
                import io.cilicensing.report.*;
                rule "ENT-01 grant when a finding exists" @id("ENT-01") @source("x") salience 700
                when exists Finding() $e : Entitlements()
                then modify($e) { addUp(java.util.List.of(Grant.of(kcontext, "tenant", Entitlement.INTERACTED_PEOPLE, 1))) }
                end
                rule "ENT-02 a finding" @id("ENT-02") @source("x")
                when License()
                then insert(Finding.of(kcontext, "X", Severity.INFO, "tenant", "x"));
                end
                """)), "test");
        Rule reader = bad.kieBase().getRule("t", "ENT-01 grant when a finding exists");
        Rule writer = bad.kieBase().getRule("t", "ENT-02 a finding");
        Set<Touch> read = new HashSet<>();
        collectReads(((RuleImpl) reader).getLhs(), read);
        Set<Touch> written = writes((RuleImpl) writer, "insert(Finding.of(kcontext, \"X\"));", Map.of(), bad);

        assertThat(salience(writer)).isLessThan(salience(reader));
        assertThat(written.stream().anyMatch(w -> read.stream().anyMatch(w::affects))).isTrue();
    }

    private static int salience(Rule rule) {
        return ((RuleImpl) rule).getSalience().getValue();
    }

    private static void collectReads(RuleConditionElement element, Set<Touch> out) {
        if (element instanceof org.drools.base.rule.Pattern p && p.getObjectType() instanceof ClassObjectType type) {
            Class<?> c = type.getClassType();
            if (c == Object.class || c.getName().endsWith("InitialFact") || c.getName().endsWith("InitialFactImpl")) {
                // the result of an accumulate (its source patterns are nested), or Drools' own start fact
                for (RuleConditionElement nested : element.getNestedElements()) {
                    collectReads(nested, out);
                }
                return;
            }
            out.add(new Touch(c, EXISTS));
            for (String property : p.getListenedProperties()) {
                if (!property.startsWith("!") && !property.equals("*")) {
                    out.add(new Touch(c, property));
                }
            }
        }
        for (RuleConditionElement nested : element.getNestedElements()) {
            collectReads(nested, out);
        }
    }

    /** The text between the rule's {@code then} and its {@code end}. */
    private static String consequenceOf(SortedMap<String, String> files, String ruleName) {
        for (String text : files.values()) {
            Matcher m = RULE.matcher(text);
            while (m.find()) {
                if (m.group(1).equals(ruleName)) {
                    int then = text.indexOf("\nthen", m.end());
                    int end = text.indexOf("\nend", then);
                    return text.substring(then + 5, end);
                }
            }
        }
        throw new AssertionError("no text for rule " + ruleName);
    }

    private static Set<Touch> writes(RuleImpl rule, String consequence, Map<String, String> functionTypes,
                                     Ruleset ruleset) {
        Set<Touch> out = new HashSet<>();
        Matcher ins = INSERT.matcher(consequence);
        while (ins.find()) {
            String name = ins.group(1) != null ? ins.group(1) : ins.group(2) != null ? ins.group(2)
                    : functionTypes.get(ins.group(3));
            if (name != null) {
                out.add(new Touch(type(name, rule, ruleset), EXISTS));
            }
        }
        Matcher mod = MODIFY.matcher(consequence);
        while (mod.find()) {
            Declaration d = rule.getDeclaration(mod.group(1));
            Class<?> type = ((ClassObjectType) d.getPattern().getObjectType()).getClassType();
            Matcher call = CALL.matcher(mod.group(2));
            while (call.find()) {
                String method = call.group(1);
                if (method.startsWith("set") && method.length() > 3) {
                    out.add(new Touch(type, method.substring(3, 4).toLowerCase(Locale.ROOT) + method.substring(4)));
                }
                for (Method m : type.getMethods()) {
                    if (m.getName().equals(method) && m.isAnnotationPresent(Modifies.class)) {
                        for (String property : m.getAnnotation(Modifies.class).value()) {
                            out.add(new Touch(type, property));
                        }
                    }
                }
            }
        }
        return out;
    }

    private static Class<?> type(String simpleName, RuleImpl rule, Ruleset ruleset) {
        FactType declared = ruleset.kieBase().getFactType(rule.getPackageName(), simpleName);
        if (declared != null) {
            return declared.getFactClass();
        }
        for (String pkg : List.of("io.cilicensing.report.", "io.cilicensing.facts.")) {
            try {
                return Class.forName(pkg + simpleName);
            } catch (ClassNotFoundException e) {
                // try the next import
            }
        }
        throw new AssertionError("rule '" + rule.getName() + "' inserts an unknown type " + simpleName);
    }
}
