package io.cilicensing.engine;

import java.time.Instant;
import java.util.List;
import org.kie.api.KieBase;

/**
 * A compiled set of rule files: one KieBase, built once and shared by every decision made
 * with it. {@code version} is a content hash of the files (relative paths and contents,
 * sorted), the same on every machine that loads the same files.
 */
public record Ruleset(String version, Instant loadedAt, String origin, List<RuleFile> files, List<RuleInfo> rules,
                      KieBase kieBase) {

    /** A loaded rule file and the SHA-256 of its contents. */
    public record RuleFile(String path, String sha256) {}

    /** A rule of the ruleset with its catalogue metadata and the file it is written in. */
    public record RuleInfo(String id, String name, String source, String file) {}
}
