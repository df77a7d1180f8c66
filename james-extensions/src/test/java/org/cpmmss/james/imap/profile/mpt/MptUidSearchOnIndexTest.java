package org.cpmmss.james.imap.profile.mpt;

import org.apache.james.mpt.api.ImapHostSystem;
import org.apache.james.mpt.imapmailbox.suite.UidSearchOnIndex;
import org.junit.jupiter.api.BeforeEach;

/** James's UidSearchOnIndex IMAP scripts through the profile's decorators (see {@link CpmMptHostSystem}). */
class MptUidSearchOnIndexTest extends UidSearchOnIndex {
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
