package org.cpmmss.james.imap.profile.mpt;

import org.apache.james.mpt.api.ImapHostSystem;
import org.apache.james.mpt.imapmailbox.suite.Listing;
import org.junit.jupiter.api.BeforeEach;

/** James's Listing IMAP scripts through the profile's decorators (see {@link CpmMptHostSystem}). */
class MptListingTest extends Listing {
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
