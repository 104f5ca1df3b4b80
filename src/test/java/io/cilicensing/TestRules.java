package io.cilicensing;

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
                    modify($e) { grant(kcontext, "tenant", "interactedPeople", %d) }
                end
                """.formatted(people);
    }
}
