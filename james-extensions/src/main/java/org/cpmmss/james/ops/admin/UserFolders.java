package org.cpmmss.james.ops.admin;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.model.MailboxMetaData;
import org.apache.james.mailbox.model.search.MailboxQuery;

/** Every folder of the session's user, by name: what the operator routes list and export. */
final class UserFolders {
    private UserFolders() {
    }

    static List<MailboxMetaData> of(MailboxManager mailboxManager, MailboxSession session) {
        List<MailboxMetaData> list = new ArrayList<>(mailboxManager
            .search(MailboxQuery.privateMailboxesBuilder(session).matchesAllMailboxNames().build(), session)
            .collectList().block());
        list.sort(Comparator.comparing(m -> m.getPath().getName()));
        return list;
    }
}
