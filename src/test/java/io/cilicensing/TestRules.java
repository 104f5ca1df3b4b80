package io.cilicensing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small rule files the HTTP tests load into a private rules directory. */
public final class TestRules {
    private TestRules() {}

    /** One ENT-01 rule: a CI base license grants {@code people} interacted people. */
    public static String grantRule(int people) {
        return """
                package t;
                import io.cilicensing.facts.*;
                import io.cilicensing.report.*;

                rule "ENT-01 a base license grants people"
                    @id("ENT-01") @source("test")
                    salience 700 // layer: grants
                when
                    License( sku == Sku.CI_BASE )
                    $e : Entitlements()
                then
                    modify($e) { addUp(java.util.List.of(Grant.of(kcontext, "tenant", Entitlement.INTERACTED_PEOPLE, %d))) }
                end
                """.formatted(people);
    }

    /** A new temporary rules directory holding {@code grants.drl} = {@link #grantRule}(people). */
    public static Path grantsDirectory(String prefix, int people) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            Files.writeString(dir.resolve("grants.drl"), grantRule(people));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
