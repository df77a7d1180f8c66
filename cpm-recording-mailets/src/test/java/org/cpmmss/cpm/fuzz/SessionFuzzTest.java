package org.cpmmss.cpm.fuzz;

import org.cpmmss.cpm.session.SessionInfo;
import org.cpmmss.cpm.session.SessionObjects;
import org.cpmmss.cpm.xml.SafeXml;

import com.code_intelligence.jazzer.junit.FuzzTest;

/** Fuzzes the session-info XML parser, the hardened XML reader under it, and the session history reader. */
class SessionFuzzTest {
    private final SessionObjects sessions = new SessionObjects();

    @FuzzTest(maxDuration = "10m")
    void session(byte[] input) {
        ParserContract.valueOrTypedError(SessionInfo::parse, input);
        ParserContract.valueOrTypedError(in -> SafeXml.defaults().parse(in), input);
        ParserContract.valueOrTypedError(in -> {
            var history = sessions.readSessionHistory(in);
            history.chatMessages();
            history.notifications();
            history.groupStates();
        }, input);
    }
}
