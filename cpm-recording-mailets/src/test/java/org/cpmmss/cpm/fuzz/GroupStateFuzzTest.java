package org.cpmmss.cpm.fuzz;

import org.cpmmss.cpm.groupstate.GroupState;

import com.code_intelligence.jazzer.junit.FuzzTest;

/** Fuzzes the Group State Object parser. */
class GroupStateFuzzTest {
    @FuzzTest(maxDuration = "10m")
    void groupState(byte[] input) {
        ParserContract.valueOrTypedError(GroupState::parse, input);
    }
}
