package org.cpmmss.james.imap.fetch;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.cpmmss.james.testing.CpmMssTestServer;
import org.cpmmss.james.testing.PostgresTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stored FETCH path answers exactly as James's FETCH processor on PostgreSQL ({@link StoredFetchCorpus}). */
class StoredFetchAnswersPostgresqlTest {
    private static final String DOMAIN = "example.com";

    @TempDir
    Path work;

    @Test
    void theStoredPathAnswersAsJamesOnPostgresql() throws Exception {
        String url = PostgresTestServer.shared().newDatabase("stored_fetch");
        CpmMssTestServer node = CpmMssTestServer.withFreshData(work).withOverride(new FetchPathSwitch());
        Files.writeString(node.confDirectory().resolve("storage.properties"), String.join("\n",
            "storage.backend=postgresql",
            "storage.postgresql.url=" + url,
            "storage.postgresql.user=" + PostgresTestServer.APP_USER,
            "storage.postgresql.password=" + PostgresTestServer.APP_PASSWORD,
            ""), StandardCharsets.UTF_8);
        try (CpmMssTestServer started = node.start()) {
            started.webAdmin().addDomain(DOMAIN);
            StoredFetchCorpus.compare(started.imapPort(), "pg@" + DOMAIN,
                user -> started.webAdmin().addUser(user, StoredFetchCorpus.PASSWORD), false);
            StoredFetchCorpus.compare(started.imapPort(), "pg-qresync@" + DOMAIN,
                user -> started.webAdmin().addUser(user, StoredFetchCorpus.PASSWORD), true);
        }
    }
}
