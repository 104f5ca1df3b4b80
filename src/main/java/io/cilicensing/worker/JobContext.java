package io.cilicensing.worker;

import io.cilicensing.engine.DecisionThreads;
import io.cilicensing.engine.RuleLocator;
import io.cilicensing.engine.Ruleset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.kie.api.KieBase;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionConfiguration;
import org.kie.api.runtime.KieSessionsPool;
import org.kie.api.runtime.StatelessKieSession;

/**
 * What a running job is doing, for the report when it fails: the step (e.g. the scenario file)
 * and the rule running: the rule whose consequence runs, or, when the loop, exit or allocation is
 * in a condition, the rule found from the threads' stacks ({@link RuleLocator}). Read by the
 * worker's watchdog and exit hook from other threads. The decision threads a job decides on
 * ({@link #decisionThreads}) are the service's mechanism: a time budget per fact set; a decision
 * that does not return leaves the worker process unfit for the next job ({@link #stuckDecisions()}).
 */
public final class JobContext {
    private final Consumer<String> progress;
    private final List<KieBase> observed = new CopyOnWriteArrayList<>();
    private final List<DecisionThreads> pools = new CopyOnWriteArrayList<>();
    private volatile String step;
    private volatile String rule;

    JobContext(Consumer<String> progress) {
        this.progress = progress;
    }

    /**
     * Decision threads for this job: {@code threads} of them, each decision within {@code budget}
     * (set by property {@code property}); closed when the job ends.
     */
    public DecisionThreads decisionThreads(int threads, Duration budget, String property, String threadPrefix) {
        DecisionThreads pool = new DecisionThreads(threads, budget, property, threadPrefix);
        pools.add(pool);
        return pool;
    }

    /** Decisions of this job still running past their budget (a rule that does not return). */
    public int stuckDecisions() {
        return pools.stream().mapToInt(DecisionThreads::stuck).sum();
    }

    /** Stops the job's decision threads (a stuck one keeps running: the process must then be replaced). */
    void close() {
        pools.forEach(DecisionThreads::close);
    }

    /** Starts a step (e.g. "scenario entitlements/ent-01.yaml"); also sent to the service as progress. */
    public void step(String step) {
        this.step = step;
        this.rule = null;
        progress.accept(step);
    }

    public String step() {
        return step;
    }

    /**
     * The rule whose consequence is running now; else the rule of an observed ruleset that any
     * thread's stack is in (a condition: {@code eval}, a function called from a constraint); or null.
     */
    public String rule() {
        String firing = rule;
        if (firing != null || observed.isEmpty()) {
            return firing;
        }
        Thread self = Thread.currentThread();
        List<StackTraceElement[]> stacks = new ArrayList<>();
        Thread.getAllStackTraces().forEach((t, stack) -> {
            if (t != self) {
                stacks.add(stack);
            }
        });
        return RuleLocator.ruleAt(observed, stacks);
    }

    /** The same ruleset, whose sessions tell this context which rule fires. */
    public Ruleset observe(Ruleset ruleset) {
        observed.add(ruleset.kieBase());
        KieSessionsPool pool = ruleset.sessions();
        DefaultAgendaEventListener listener = new DefaultAgendaEventListener() {
            @Override
            public void beforeMatchFired(BeforeMatchFiredEvent event) {
                rule = event.getMatch().getRule().getName();
            }

            @Override
            public void afterMatchFired(AfterMatchFiredEvent event) {
                rule = null;
            }
        };
        KieSessionsPool observed = new KieSessionsPool() {
            @Override
            public KieSession newKieSession() {
                KieSession s = pool.newKieSession();
                s.addEventListener(listener);
                return s;
            }

            @Override
            public KieSession newKieSession(KieSessionConfiguration conf) {
                KieSession s = pool.newKieSession(conf);
                s.addEventListener(listener);
                return s;
            }

            @Override
            public StatelessKieSession newStatelessKieSession() {
                return pool.newStatelessKieSession();
            }

            @Override
            public StatelessKieSession newStatelessKieSession(KieSessionConfiguration conf) {
                return pool.newStatelessKieSession(conf);
            }

            @Override
            public void shutdown() {
                pool.shutdown();
            }
        };
        return new Ruleset(ruleset.version(), ruleset.loadedAt(), ruleset.origin(), ruleset.files(), ruleset.rules(),
                ruleset.kieBase(), observed);
    }
}
