package org.cpmmss.james.testing;

import org.junit.jupiter.api.Assumptions;

/**
 * What a test needs from the machine (a tool {@code .ci/run} installs, root for network namespaces, disk room).
 * In CI ({@code .ci/run} exports {@value #ENV}{@code =1}) a missing requirement fails the test; on a developer's
 * machine without it the test is skipped and says why (README, "Tests").
 */
public final class CiRequirement {
    public static final String ENV = "CPM_MSS_CI";

    private CiRequirement() {
    }

    public static boolean strict() {
        return "1".equals(System.getenv(ENV)) || Boolean.getBoolean("cpm.ci");
    }

    /** Returns when {@code met}; otherwise fails (CI) or skips (elsewhere) with {@code what}. */
    public static void require(boolean met, String what) {
        if (met) {
            return;
        }
        if (strict()) {
            throw new AssertionError(what + " (" + ENV + "=1: .ci/run provides this, so its absence is a failure)");
        }
        Assumptions.assumeTrue(false, what + " (skipped outside CI; with " + ENV + "=1, as .ci/run sets, this fails)");
    }
}
