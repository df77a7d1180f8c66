package org.cpmmss.james.imap.fetch;

import org.cpmmss.james.testing.CpmMssServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The stored FETCH path answers exactly as James's FETCH processor on the embedded store ({@link StoredFetchCorpus}),
 * with CONDSTORE and with QRESYNC enabled.
 */
class StoredFetchAnswersTest {
    private static final String DOMAIN = "example.com";

    @RegisterExtension
    static CpmMssServerExtension server = CpmMssServerExtension.builder()
        .override(new FetchPathSwitch())
        .domain(DOMAIN)
        .build();

    @Test
    void theStoredPathAnswersAsJamesWithCondstore() throws Exception {
        StoredFetchCorpus.compare(server.imapPort(), "condstore@" + DOMAIN,
            user -> server.webAdmin().addUser(user, StoredFetchCorpus.PASSWORD), false);
    }

    @Test
    void theStoredPathAnswersAsJamesWithQresync() throws Exception {
        StoredFetchCorpus.compare(server.imapPort(), "qresync@" + DOMAIN,
            user -> server.webAdmin().addUser(user, StoredFetchCorpus.PASSWORD), true);
    }
}
