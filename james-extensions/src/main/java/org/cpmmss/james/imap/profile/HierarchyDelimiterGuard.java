package org.cpmmss.james.imap.profile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.SessionProvider;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.store.MailboxSessionMapperFactory;
import org.apache.james.lifecycle.api.Startable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mailbox names are stored with the delimiter inside them ({@code Default/tel:+336…} or {@code Default.tel:+336…}),
 * so a data directory only works with the delimiter it was created with. This guard records the delimiter in
 * {@code <data>/imap-profile/hierarchy-delimiter} on first start and refuses to start when the configured
 * delimiter differs. A data directory without the record (created before the profile existed) is accepted only
 * if no mailbox name contains the other delimiter; otherwise it is refused: cpm-mss does not migrate.
 */
public final class HierarchyDelimiterGuard implements Startable {
    private static final Logger LOGGER = LoggerFactory.getLogger(HierarchyDelimiterGuard.class);
    static final String MARKER = "imap-profile/hierarchy-delimiter";

    private final Path dataDirectory;
    private final char configured;
    private final MailboxSessionMapperFactory mappers;
    private final SessionProvider sessions;

    public HierarchyDelimiterGuard(Path dataDirectory, char configured, MailboxSessionMapperFactory mappers,
                                   SessionProvider sessions) {
        this.dataDirectory = dataDirectory;
        this.configured = configured;
        this.mappers = mappers;
        this.sessions = sessions;
    }

    public void check() throws IOException {
        Path marker = dataDirectory.resolve(MARKER);
        if (Files.isRegularFile(marker)) {
            String recorded = Files.readString(marker, StandardCharsets.US_ASCII).trim();
            if (!recorded.equals(String.valueOf(configured))) {
                throw new IllegalStateException(refusal("was created with hierarchy delimiter '" + recorded + "'"));
            }
            return;
        }
        char other = configured == '/' ? '.' : '/';
        MailboxSession session = sessions.createSystemSession(Username.of("cpm-mss-imap-profile"));
        List<String> conflicting = mappers.getMailboxMapper(session).list()
            .map(Mailbox::getName)
            .filter(name -> name.indexOf(other) >= 0)
            .take(3)
            .collectList()
            .block();
        if (conflicting != null && !conflicting.isEmpty()) {
            throw new IllegalStateException(refusal("has no record of its hierarchy delimiter and holds mailboxes named "
                + conflicting + ", which suggests '" + other + "'"));
        }
        Files.createDirectories(marker.getParent());
        Files.writeString(marker, configured + "\n", StandardCharsets.US_ASCII);
        LOGGER.info("Recorded hierarchy delimiter '{}' in {}", configured, marker);
    }

    private String refusal(String finding) {
        return "cpm-mss refuses to start: the data directory " + dataDirectory + " " + finding
            + ", but conf/" + ImapProfileConfiguration.FILE_NAME + " sets " + ImapProfileConfiguration.HIERARCHY_DELIMITER_SLASH
            + "=" + (configured == '/') + " (delimiter '" + configured + "'). Mailbox names are stored with their delimiter, "
            + "so mixing would split or merge folders. Either set the switch back to match the data directory, or start "
            + "from an empty data directory and re-import (cpm-mss does not migrate; see docs/imap-profile.md).";
    }
}
