package org.cpmmss.james.imap.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Date;
import java.util.Random;

import org.apache.james.imap.encode.EncoderUtils;
import org.junit.jupiter.api.Test;

/** INTERNALDATE's text is James's, byte for byte, for any date (fast path and fallback alike). */
class InternalDateTextTest {
    @Test
    void everyDateReadsAsJamesWritesIt() {
        Random random = new Random(7);
        long[] fixed = {0L, -1L, 999L, 1000L, -2_208_988_800_000L, -2_208_988_800_001L, 253_402_300_799_999L,
            253_402_300_800_000L, -62_135_596_800_000L, 1_796_000_000_000L, 951_782_400_000L /* 2000-02-29 */};
        for (long millis : fixed) {
            assertThat(InternalDateText.of(new Date(millis))).as("%d", millis)
                .isEqualTo(EncoderUtils.encodeDateTime(new Date(millis)));
        }
        for (int i = 0; i < 200_000; i++) {
            // from year 1000 to 11000, milliseconds included
            long millis = -30_610_224_000_000L + (long) (random.nextDouble() * 316_000_000_000_000L);
            assertThat(InternalDateText.of(new Date(millis))).as("%d", millis)
                .isEqualTo(EncoderUtils.encodeDateTime(new Date(millis)));
        }
    }
}
