package org.cpmmss.james.server.checks;

import java.util.ArrayList;
import java.util.List;

import javax.inject.Inject;

import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.commons.configuration2.tree.ImmutableNode;
import org.apache.james.lifecycle.api.StartUpCheck;
import org.apache.james.server.core.configuration.ConfigurationProvider;
import org.cpmmss.recording.policy.CpmPolicy;

/**
 * Refuses to start when the SMTP or LMTP door accepts less than a file transfer may carry: each enabled server's
 * {@code maxmessagesize} (KiB, 0 = unlimited) must be at least {@code cpm.limits.max-file-size} (bytes), else a
 * file the policy allows would be refused at the door with 552. (A file travels base64-encoded, 4/3 of its size:
 * the shipped door limit leaves that room; see conf/cpm.properties.)
 */
public class DoorLimitsCheck implements StartUpCheck {
    public static final String CHECK_NAME = "door-limits";
    private static final List<String> DOORS = List.of("smtpserver", "lmtpserver");

    private final ConfigurationProvider configurations;
    private final CpmPolicy policy;

    @Inject
    public DoorLimitsCheck(ConfigurationProvider configurations, CpmPolicy policy) {
        this.configurations = configurations;
        this.policy = policy;
    }

    @Override
    public CheckResult check() {
        List<String> problems = new ArrayList<>();
        for (String door : DOORS) {
            try {
                problems.addAll(problems(door, configurations.getConfiguration(door), policy.maxFileSize()));
            } catch (ConfigurationException e) {
                problems.add(door + ".xml cannot be read: " + e.getMessage());
            }
        }
        if (problems.isEmpty()) {
            return CheckResult.builder().checkName(CHECK_NAME).resultType(ResultType.GOOD).build();
        }
        return CheckResult.builder().checkName(CHECK_NAME).resultType(ResultType.BAD)
            .description(String.join("; ", problems)).build();
    }

    /** The limits of one door file ({@code <smtpservers><smtpserver>…}) below {@code maxFileSize}, as messages. */
    static List<String> problems(String door, HierarchicalConfiguration<ImmutableNode> configuration, long maxFileSize) {
        List<String> out = new ArrayList<>();
        for (HierarchicalConfiguration<ImmutableNode> server : configuration.configurationsAt(door)) {
            if (!server.getBoolean("[@enabled]", true)) {
                continue;
            }
            long kib = server.getLong("maxmessagesize", 0L);
            if (kib > 0 && kib * 1024 < maxFileSize) {
                out.add(door + ".xml <maxmessagesize> is " + kib + " KiB (" + kib * 1024 + " bytes), below "
                    + CpmPolicy.MAX_FILE_SIZE + " (" + maxFileSize + " bytes) in cpm.properties: raise <maxmessagesize>"
                    + " (KiB, at least 4/3 of the file limit for base64) or lower " + CpmPolicy.MAX_FILE_SIZE);
            }
        }
        return out;
    }

    @Override
    public String checkName() {
        return CHECK_NAME;
    }
}
