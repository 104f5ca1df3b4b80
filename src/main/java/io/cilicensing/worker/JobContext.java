package io.cilicensing.worker;

import io.cilicensing.engine.Ruleset;
import java.util.function.Consumer;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionConfiguration;
import org.kie.api.runtime.KieSessionsPool;
import org.kie.api.runtime.StatelessKieSession;

/**
 * What a running job is doing, for the report when it fails: the step (e.g. the scenario file)
 * and the rule whose consequence is running. Read by the worker's watchdog and exit hook from
 * other threads.
 */
public final class JobContext {
    private final Consumer<String> progress;
    private volatile String step;
    private volatile String rule;

    JobContext(Consumer<String> progress) {
        this.progress = progress;
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

    /** The rule whose consequence is running now, or null between firings. */
    public String rule() {
        return rule;
    }

    /** The same ruleset, whose sessions tell this context which rule fires. */
    public Ruleset observe(Ruleset ruleset) {
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
