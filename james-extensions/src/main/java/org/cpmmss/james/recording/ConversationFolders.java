package org.cpmmss.james.recording;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.apache.james.core.MailAddress;
import org.cpmmss.cpm.CpmFormatException;
import org.cpmmss.cpm.address.CpmAddress;
import org.cpmmss.cpm.folder.FolderNamer;
import org.cpmmss.cpm.folder.FolderPath;
import org.cpmmss.cpm.object.CpmObjectType;
import org.cpmmss.recording.CpmInspection;
import org.cpmmss.recording.policy.CpmPolicy;

/**
 * Decides, for one owner, the folder of an object under the configured layout ({@link FolderNamer}), and
 * whether the owner is its originator.
 *
 * <ul>
 *   <li>A disposition notification goes to the folder of the message it reports on when this owner has
 *       that message (found by its IMDN-Message-ID in the recorded keys).</li>
 *   <li>Group or 1-1: what the object says (Group State Object, session {@code session-type}, file
 *       transfer participants, several {@code To}), else what the owner's recorded session of that
 *       Contribution-ID was, else 1-1.</li>
 *   <li>Session object or standalone: session info, session history and Group State Objects are session
 *       objects; other objects are when the owner has a recorded session of their Contribution-ID.</li>
 *   <li>The peer of a 1-1 conversation is the first {@code To} on the originator's copy, the originator
 *       on everyone else's.</li>
 * </ul>
 */
@Singleton
public class ConversationFolders {
    private final FolderNamer namer;
    private final CpmStateStore state;

    @Inject
    public ConversationFolders(CpmPolicy policy, CpmStateStore state) {
        this.namer = policy.folderNamer();
        this.state = state;
    }

    public FolderPath folder(MailAddress owner, CpmInspection object) throws CpmFormatException {
        if (object.type() == CpmObjectType.DISPOSITION_NOTIFICATION && object.reportedMessageId().isPresent()) {
            Optional<CpmStateStore.Recorded> reported = state.recorded(owner.asString(), "imdn:" + object.reportedMessageId().get());
            if (reported.isPresent()) {
                return new FolderPath(Arrays.asList(reported.get().folder().split("/")));
            }
        }
        Optional<Boolean> knownSession = object.contributionId().flatMap(id -> state.sessionKind(owner.asString(), id));
        boolean group = object.group().or(() -> knownSession).orElse(false);
        boolean session = object.sessionKind() || knownSession.isPresent();
        CpmAddress peer = null;
        if (!group) {
            peer = isOriginator(owner, object.originator())
                ? object.to().stream().findFirst().orElseThrow(() -> new CpmFormatException(
                    "the originator's copy of a 1-1 object needs a To header naming the peer"))
                : object.originator();
        }
        return namer.folderFor(group, session, peer, object.conversationId().orElse(null),
            object.contributionId().orElse(null));
    }

    /** True when {@code owner} is the account of {@code originator} ({@code tel:+E164} ↔ {@code +E164@…}). */
    public static boolean isOriginator(MailAddress owner, CpmAddress originator) {
        return switch (originator.kind()) {
            case TEL -> owner.getLocalPart().equals(originator.value());
            case SIP -> owner.asString().toLowerCase(Locale.ROOT).equals(originator.value().toLowerCase(Locale.ROOT));
            case ANONYMOUS -> false;
        };
    }
}
