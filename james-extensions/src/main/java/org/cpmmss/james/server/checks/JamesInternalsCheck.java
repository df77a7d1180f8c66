package org.cpmmss.james.server.checks;

import java.util.List;

import org.apache.james.lifecycle.api.StartUpCheck;
import org.cpmmss.james.plumbing.JamesInternals;

/**
 * Refuses to start when a private member of James that cpm-mss reaches ({@link JamesInternals}) is missing, as after
 * a James upgrade that renamed it: the server stops at start naming the member, instead of running with IMAP NOTIFY,
 * literal continuations or the {@code [CANNOT]} code silently broken.
 */
public class JamesInternalsCheck implements StartUpCheck {
    public static final String CHECK_NAME = "james-internals";

    @Override
    public CheckResult check() {
        return result(JamesInternals.problems());
    }

    /** GOOD when nothing is missing, else BAD naming every missing member. */
    static CheckResult result(List<String> problems) {
        if (problems.isEmpty()) {
            return CheckResult.builder().checkName(CHECK_NAME).resultType(ResultType.GOOD).build();
        }
        return CheckResult.builder().checkName(CHECK_NAME).resultType(ResultType.BAD)
            .description("private members of James that cpm-mss needs are missing (docs/architecture.md, Reflection"
                + " into James): " + String.join("; ", problems))
            .build();
    }

    @Override
    public String checkName() {
        return CHECK_NAME;
    }
}
