package org.cpmmss.james.state.postgresql;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

/**
 * How this node claims the work that must be done once per cluster (expiry sweep, deferred queue expiry and push,
 * notification outbox, idle held sessions): the rows it takes get {@code claimed_by = node} and
 * {@code claimed_until = now + lease} in the same statement that selects them ({@code FOR UPDATE SKIP LOCKED}, so two
 * nodes never take the same row). A node that dies keeps its rows only until the lease ends; then any node takes them
 * again. The node itself may take its own claimed rows again at once (a retry after a failure). Times come from the
 * injected {@link Clock}.
 *
 * @param node  this node's name in {@code claimed_by} (unique per process)
 * @param lease how long a claim keeps the other nodes away
 */
public record ClusterLease(String node, Duration lease, Clock clock) {
    /** Five minutes: far longer than one batch of work takes, short enough that a dead node's batch is soon redone. */
    public static final Duration DEFAULT_LEASE = Duration.ofMinutes(5);

    /** A lease for this process: host name, process id and a random suffix (a restart is a new node). */
    public static ClusterLease forThisNode(Clock clock) {
        String process = ManagementFactory.getRuntimeMXBean().getName();
        return new ClusterLease(process + "-" + UUID.randomUUID().toString().substring(0, 8), DEFAULT_LEASE, clock);
    }

    long now() {
        return clock.instant().toEpochMilli();
    }

    long until() {
        return clock.instant().plus(lease).toEpochMilli();
    }
}
