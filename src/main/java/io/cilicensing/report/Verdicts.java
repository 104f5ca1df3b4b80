package io.cilicensing.report;

import java.util.Collection;

/** The verdict rules: the tenant verdict and each request's outcome from findings. */
public final class Verdicts {
    private Verdicts() {}

    /** The strongest severity among the findings, or null with none. */
    public static Severity strongest(Collection<Finding> findings) {
        Severity max = null;
        for (Finding f : findings) {
            if (max == null || f.getSeverity().compareTo(max) > 0) {
                max = f.getSeverity();
            }
        }
        return max;
    }

    /** NON_COMPLIANT, ACTION_REQUIRED or COMPLIANT from the findings that are not on a request. */
    public static String verdict(Collection<Finding> tenantFindings) {
        Severity s = strongest(tenantFindings);
        if (s == Severity.VIOLATION) {
            return "NON_COMPLIANT";
        }
        return s == Severity.ACTION ? "ACTION_REQUIRED" : "COMPLIANT";
    }

    /** DENIED, NEEDS_ACTION or ALLOWED from one request's findings. */
    public static String outcome(Collection<Finding> requestFindings) {
        Severity s = strongest(requestFindings);
        if (s == Severity.VIOLATION) {
            return "DENIED";
        }
        return s == Severity.ACTION ? "NEEDS_ACTION" : "ALLOWED";
    }
}
