package org.cpmmss.james.imap.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import org.cpmmss.james.store.api.BlobAddress;
import org.cpmmss.james.store.api.FlagState;
import org.cpmmss.james.store.api.MimeSummary;
import org.cpmmss.james.store.api.StoredMessage;
import org.cpmmss.james.store.api.UidRange;
import org.junit.jupiter.api.Test;

/**
 * The range loop of the stored FETCH path ({@link StoredFetchRows#inChunks}) against a store whose listing leaves a
 * message out of a full read, as the embedded store's does when the message is expunged between its read of the
 * message rows and of their flags rows: the messages after that read are still answered. (The race itself cannot be
 * timed through IMAP; the answers across reads are compared with James's in {@code StoredFetchChunksTest}.)
 */
class StoredFetchRowsChunksTest {
    @Test
    void aReadShortOfOneExpungedMessageDoesNotEndTheRange() {
        int total = 2 * StoredFetchRows.CHUNK + 10;
        long expunged = 7;
        List<Long> answered = new ArrayList<>();
        StoredFetchRows.inChunks(UidRange.ALL, (part, limit) -> LongStream.rangeClosed(part.from(), total)
            .limit(limit)
            .filter(uid -> uid != expunged)
            .mapToObj(StoredFetchRowsChunksTest::message)
            .toList(), message -> answered.add(message.uid()));
        assertThat(answered).hasSize(total - 1).doesNotContain(expunged)
            .isEqualTo(LongStream.rangeClosed(1, total).filter(uid -> uid != expunged).boxed().toList());
    }

    private static StoredMessage message(long uid) {
        BlobAddress place = new BlobAddress(uid, 1, 0, 1);
        return new StoredMessage(1, uid, uid, FlagState.NONE, 0, 0, "<" + uid + "@test>", null,
            new MimeSummary("text", "plain", 1L, List.of()), place, place);
    }
}
