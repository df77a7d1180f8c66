package org.cpmmss.james.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What {@link CpmMssServerExtension} promises a test class: its cpm.properties keys and conf replacements are in the
 * server's conf/, its domains and users exist (a user logs in over IMAP), the server is handed to parameters, and a
 * {@code @Nested} class shares the enclosing class's server instead of booting another.
 */
class CpmMssServerExtensionTest {
    private static final String USER = "ext@example.org";
    private static final String PASSWORD = "ext-pw";

    @RegisterExtension
    static CpmMssServerExtension server = CpmMssServerExtension.builder()
        .cpmProperty("cpm.http.tokens", "extension-test-token:pf")
        .cpmProperty("cpm.extension-test.new-key", "added")
        .defaultDomain("example.org")
        .domain("example.org").user(USER, PASSWORD)
        .build();

    @Test
    void theConfigurationCarriesTheOverridesAndReplacements() throws Exception {
        String properties = Files.readString(server.confDirectory().resolve("cpm.properties"), StandardCharsets.UTF_8);
        assertThat(properties).containsPattern("(?m)^cpm\\.http\\.tokens=extension-test-token:pf$")
            .containsPattern("(?m)^cpm\\.extension-test\\.new-key=added$");
        assertThat(Files.readString(server.confDirectory().resolve("domainlist.xml"), StandardCharsets.UTF_8))
            .contains("<defaultDomain>example.org</defaultDomain>");
        assertThat(server.dataDirectory()).startsWith(server.workDirectory());
    }

    @Test
    void theUserOfTheBuilderLogsInOverImap() throws Exception {
        try (ImapConnection imap = ImapConnection.login(server.imapPort(), USER, PASSWORD)) {
            assertThat(imap.expectOk("SELECT INBOX")).anyMatch(line -> line.contains("EXISTS"));
        }
    }

    @Test
    void theServerIsResolvedAsAParameter(CpmMssTestServer resolved) {
        assertThat(resolved).isSameAs(server.server());
        assertThat(resolved.guice()).isNotNull();
    }

    @Nested
    class SharedByANestedClass {
        @Test
        void aNestedClassUsesTheSameRunningServer(CpmMssTestServer resolved) throws Exception {
            assertThat(resolved).isSameAs(server.server());
            Path conf = resolved.confDirectory();
            assertThat(Files.isDirectory(conf)).isTrue();
            try (ImapConnection imap = ImapConnection.login(server.imapPort(), USER, PASSWORD)) {
                imap.expectOk("NOOP");
            }
        }
    }
}
