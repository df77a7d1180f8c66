package org.cpmmss.james.imap.concurrency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The client's UIDs as sequence numbers: positions in ascending order, kept through removals and growth. */
class KnownUidsTest {
    @Test
    void positionsFollowAddsAndRemovalsAsAListWould() {
        KnownUids known = new KnownUids();
        List<Long> expected = new ArrayList<>();
        Random random = new Random(26);
        long next = 1;
        for (int step = 0; step < 20_000; step++) {
            if (expected.isEmpty() || random.nextInt(3) > 0) {
                next += 1 + random.nextInt(5);
                known.add(next);
                expected.add(next);
            } else {
                int index = random.nextInt(expected.size());
                known.removeAt(index);
                expected.remove(index);
            }
            long probe = 1 + random.nextInt((int) next + 2);
            assertThat(known.indexOf(probe)).isEqualTo(expected.indexOf(probe));
        }
        assertThat(known.size()).isEqualTo(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            assertThat(known.get(i)).isEqualTo(expected.get(i));
        }
    }

    @Test
    void aUidNotAboveTheLastIsRefused() {
        KnownUids known = new KnownUids();
        known.add(5);
        assertThatThrownBy(() -> known.add(5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> known.get(1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(known.indexOf(4)).isNegative();
    }
}
