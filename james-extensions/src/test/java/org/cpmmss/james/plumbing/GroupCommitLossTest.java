package org.cpmmss.james.plumbing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** What a writer learns from the group commit when a force fails: its commit was dropped, even if a later force works. */
class GroupCommitLossTest {
    private final AtomicBoolean failing = new AtomicBoolean();
    private final AtomicInteger drops = new AtomicInteger();
    private final GroupCommit group = new GroupCommit(List.of(() -> {
        if (failing.get()) {
            throw new IOException("Input/output error");
        }
    }), drops::incrementAndGet);

    @Test
    void aFailedForceDropsTheUnforcedStateAndEveryWriterWaitingForItIsToldItsCommitWasLost() {
        long epoch = group.epoch();
        long first = group.written();
        long second = group.written(); // committed beside the first, waits for the same force

        failing.set(true);
        assertThatThrownBy(() -> group.awaitForced(first)).isInstanceOf(UncheckedIOException.class);
        assertThat(drops).hasValue(1);

        failing.set(false);
        group.awaitForced(second); // a force works again, but the second commit was dropped with the first
        assertThat(group.lost(epoch, second)).isTrue();
        assertThat(group.lost(epoch, first)).isTrue();

        long after = group.epoch();
        long third = group.written();
        group.awaitForced(third);
        assertThat(group.lost(after, third)).as("a commit after the loss").isFalse();
    }

    @Test
    void aLossAfterTheForceThatCoveredACommitDoesNotCount() {
        long epoch = group.epoch();
        long ticket = group.written();
        group.awaitForced(ticket);

        group.unforcedLost(); // H2 closed the database later: what was forced before stays
        assertThat(group.lost(epoch, ticket)).isFalse();

        long next = group.written(); // committed before the loss was noticed, in the lost memory
        assertThat(group.lost(epoch, next)).isTrue();
    }
}
