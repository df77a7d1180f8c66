package org.cpmmss.james.imap.sort;

import javax.inject.Inject;

import org.apache.james.imap.api.ImapCommand;
import org.apache.james.modules.protocols.ImapPackage;
import org.apache.james.utils.ClassName;

import com.google.common.collect.ImmutableList;

/**
 * SORT / UID SORT (RFC 5256) and ESORT (RFC 5267) for James's IMAP server; listed in {@code <imapPackages>} of
 * imapserver.xml next to James's {@code DefaultImapPackage}.
 */
public class SortImapPackage extends ImapPackage.Impl {
    public static final ImapCommand SORT = ImapCommand.selectedStateCommand("SORT");

    @Inject
    public SortImapPackage() {
        super(ImmutableList.of(new ClassName(SortProcessor.class.getName())),
            ImmutableList.of(new ClassName(SortCommandParser.class.getName())),
            ImmutableList.of(new ClassName(SortResponseEncoder.class.getName())));
    }
}
