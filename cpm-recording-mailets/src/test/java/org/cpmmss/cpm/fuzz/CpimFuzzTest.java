package org.cpmmss.cpm.fuzz;

import java.util.Arrays;

import org.cpmmss.cpm.cpim.CpimHeaderCheck;
import org.cpmmss.cpm.cpim.CpimMessage;

import com.code_intelligence.jazzer.junit.FuzzTest;

/** Fuzzes the CPIM parser (RFC 3862), every accessor the recording pipeline calls and the header check. */
class CpimFuzzTest {
    private static final CpimHeaderCheck CHECK = new CpimHeaderCheck();

    @FuzzTest(maxDuration = "10m")
    void cpim(byte[] input) {
        ParserContract.valueOrTypedError(in -> {
            CpimMessage m = CpimMessage.parse(in);
            if (!Arrays.equals(m.bytes(), in)) {
                throw new IllegalStateException("CPIM bytes not kept as received");
            }
            m.dateTime();
            m.imdnMessageId();
            m.payloadContentType();
            m.dispositionNotification();
            m.withoutPositiveDeliveryRequest();
            CHECK.check(m);
        }, input);
    }
}
