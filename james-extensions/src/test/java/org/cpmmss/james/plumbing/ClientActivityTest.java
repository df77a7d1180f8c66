package org.cpmmss.james.plumbing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** A request counts as activity from its arrival until it is answered (a long one is not a pause), at most the longest. */
class ClientActivityTest {
    @Test
    void aRequestUnderWayIsActivityUntilItsAnswer() throws Exception {
        ClientActivity activity = new ClientActivity();
        assertThat(activity.lastRequestNanos()).isEqualTo(ClientActivity.NONE);

        activity.requestStarted();
        long started = System.nanoTime();
        Thread.sleep(100);
        assertThat(activity.lastRequestNanos() - started).as("still under way 100 ms later")
            .isGreaterThanOrEqualTo(Duration.ofMillis(100).toNanos());

        activity.requestEnded();
        long ended = activity.lastRequestNanos();
        Thread.sleep(50);
        assertThat(activity.lastRequestNanos()).as("answered: the last activity stays its answer").isEqualTo(ended);
    }

    @Test
    void aRequestWhoseEndIsNeverReportedCountsOnlyForTheLongest() throws Exception {
        ClientActivity activity = new ClientActivity(Duration.ofMillis(200));
        activity.requestStarted(); // its connection went; James dropped its processing
        long started = System.nanoTime();

        assertThat(activity.lastRequestNanos() - started).isGreaterThanOrEqualTo(0);
        Thread.sleep(300);

        assertThat(activity.lastRequestNanos()).as("forgotten after the longest").isLessThan(started + 1);
    }
}
