package org.cpmmss.cpm.fuzz;

import org.cpmmss.cpm.imdn.ImdnNotification;

import com.code_intelligence.jazzer.junit.FuzzTest;

/** Fuzzes the IMDN (RFC 5438 imdn+xml) parser. */
class ImdnFuzzTest {
    @FuzzTest(maxDuration = "10m")
    void imdn(byte[] input) {
        ParserContract.valueOrTypedError(ImdnNotification::parse, input);
    }
}
