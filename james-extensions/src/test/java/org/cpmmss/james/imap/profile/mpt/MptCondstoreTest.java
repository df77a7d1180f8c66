package org.cpmmss.james.imap.profile.mpt;

import org.apache.james.mpt.host.JamesImapHostSystem;
import org.apache.james.mpt.imapmailbox.suite.Condstore;
import org.junit.jupiter.api.BeforeEach;

/** James's Condstore IMAP scripts through the profile's decorators (see {@link CpmMptHostSystem}). */
class MptCondstoreTest extends Condstore {
    private JamesImapHostSystem system;

    @Override
    @BeforeEach
    public void setUp() throws Exception {
        system = new CpmMptHostSystem();
        system.beforeTest();
        super.setUp();
    }

    @Override
    protected JamesImapHostSystem createJamesImapHostSystem() {
        return system;
    }
}
