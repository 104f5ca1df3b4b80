package io.cilicensing.engine;

import java.time.Instant;
import java.util.List;
import org.kie.api.KieBase;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionsPool;

/**
 * A compiled set of rule files: one KieBase, built once and shared by every decision made
 * with it. {@code version} is a content hash of the files (relative paths and contents,
 * sorted), the same on every machine that loads the same files.
 *
 * <p>Decisions take their sessions from {@code sessions}, a pool over the KieBase: a session
 * serves one decision at a time and is reset (working memory, agenda, event listeners) when
 * the decision disposes it, so the next decision starts empty, but the node memories Drools
 * builds lazily on a session's first use are kept. Profiling showed building them for every
 * decision took about a quarter of a typical decision (README > Performance).
 */
public record Ruleset(String version, Instant loadedAt, String origin, List<RuleFile> files, List<RuleInfo> rules,
                      KieBase kieBase, KieSessionsPool sessions) {

    /** Sessions created up front per ruleset; the pool grows when more decisions run at once. */
    static final int INITIAL_SESSIONS = 2;

    public Ruleset(String version, Instant loadedAt, String origin, List<RuleFile> files, List<RuleInfo> rules,
                   KieBase kieBase) {
        this(version, loadedAt, origin, files, rules, kieBase, kieBase.newKieSessionsPool(INITIAL_SESSIONS));
    }

    /** A session for one decision; {@code dispose()} resets it and returns it to the pool. */
    public KieSession newSession() {
        return sessions.newKieSession();
    }

    /** A loaded rule file and the SHA-256 of its contents. */
    public record RuleFile(String path, String sha256) {}

    /**
     * A rule of the ruleset with its catalogue metadata ({@code @id}, {@code @source},
     * {@code @interpretation} or null) and where it is written (file and line of its header).
     */
    public record RuleInfo(String id, String name, String source, String interpretation, String file, int line) {}
}
