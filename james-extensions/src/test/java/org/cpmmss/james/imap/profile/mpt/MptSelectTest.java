package org.cpmmss.james.imap.profile.mpt;

import org.apache.james.mpt.api.ImapHostSystem;
import org.apache.james.mpt.imapmailbox.suite.Select;
import org.junit.jupiter.api.BeforeEach;

/** James's Select IMAP scripts through the profile's decorators (see {@link CpmMptHostSystem}). */
class MptSelectTest extends Select {
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
}
