package org.cpmmss.james.imap.profile.mpt;

import java.util.Locale;

import org.apache.james.mpt.api.ImapHostSystem;
import org.apache.james.mpt.imapmailbox.suite.Move;
import org.apache.james.mpt.imapmailbox.suite.base.BasicImapCommands;
import org.apache.james.mpt.script.SimpleScriptedTestProtocol;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * James's Move IMAP scripts through the profile's decorators (see {@link CpmMptHostSystem}). {@code moveShouldWork}
 * runs the project's MoveCopyUidFirst script (src/test/resources, next to James's scripts) instead of James's Move
 * script: cpm-mss sends MOVE's COPYUID untagged before the EXPUNGEs (RFC 6851 4.3), James's script expects James's
 * old order (COPYUID in the tagged OK, after the EXPUNGEs). {@code emptyMoveShouldWork} runs MoveNoMessageUidSet
 * instead of James's MoveNoMSG: a UID MOVE in an empty folder completes OK (RFC 3501 6.4.8, as Dovecot), where
 * James's script expects BAD.
 */
class MptMoveTest extends Move {
    private ImapHostSystem system;

    @Override
    @BeforeEach
    public void setUp() throws Exception {
        system = new CpmMptHostSystem();
        system.beforeTest();
        super.setUp();
    }

    @Override
    protected ImapHostSystem createImapHostSystem() {
        return system;
    }

    @Override
    @Test
    public void moveShouldWork() throws Exception {
        runAfterPreparedMailbox("MoveCopyUidFirst");
    }

    @Override
    @Test
    public void emptyMoveShouldWork() throws Exception {
        runAfterPreparedMailbox("MoveNoMessageUidSet");
    }

    /** The project's script (src/test/resources, next to James's) after James's welcome, login and prepared mailbox. */
    private void runAfterPreparedMailbox(String script) throws Exception {
        SimpleScriptedTestProtocol protocol = new SimpleScriptedTestProtocol("/org/apache/james/imap/scripts/", system)
            .withUser(USER, PASSWORD)
            .withLocale(Locale.US);
        BasicImapCommands.welcome(protocol);
        BasicImapCommands.authenticate(protocol);
        BasicImapCommands.prepareMailbox(protocol);
        protocol.run(script);
    }
}
