package org.cpmmss.recording.pipeline;

import org.cpmmss.recording.port.CpmStateStore;

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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, for one owner, the folder of an object under the configured layout ({@link FolderNamer}), and
 * whether the owner is its originator.
 *
 * <ul>
 *   <li>A disposition notification goes to the folder of the message it reports on when this owner has
 *       that message (found by its IMDN-Message-ID in the recorded keys).</li>
 *   <li>Group or 1-1 (design.md): group when the object says so (Group State Object, session
 *       {@code session-type}, file transfer participants, several {@code To}, a conference-factory or group
 *       session {@code To}, the CPIM group convention — see {@code CpmObjectInspector}) or when the owner's recorded
 *       session of that Contribution-ID is a group session; else 1-1. A group object is never filed in a 1-1
 *       folder; a contradiction between the object and the recorded session is logged, nothing already stored
 *       moves.</li>
 *   <li>Session object or standalone: session info, session history and Group State Objects are session
 *       objects; other objects are when the owner has a recorded session of their Contribution-ID.</li>
 *   <li>The peer of a 1-1 conversation is the first {@code To} on the originator's copy, the originator
 *       on everyone else's.</li>
 * </ul>
 */
@Singleton
public class ConversationFolders {
    private static final Logger LOGGER = LoggerFactory.getLogger(ConversationFolders.class);
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
        boolean group = object.group().orElse(false) || knownSession.orElse(false);
        if (object.group().isPresent() && knownSession.isPresent() && !object.group().equals(knownSession)) {
            // later evidence contradicts an earlier decision: nothing already stored moves; this object is filed as a
            // group object (a group object is never filed in a 1-1 folder), and the operator is told
            LOGGER.warn("{} of {} for {}: the object says {} but Contribution-ID {} was recorded as a {} session;"
                    + " filed as group, objects already stored stay where they are", object.type(), object.key(),
                owner.asString(), object.group().get() ? "group" : "1-1", object.contributionId().orElse(""),
                knownSession.get() ? "group" : "1-1");
        }
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
