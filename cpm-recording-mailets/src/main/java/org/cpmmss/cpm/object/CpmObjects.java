package org.cpmmss.cpm.object;

import java.util.Optional;

import org.cpmmss.cpm.CpmFormatException;
import org.cpmmss.cpm.cpim.CpimMessage;
import org.cpmmss.cpm.fthttp.FtHttpInfo;
import org.cpmmss.cpm.groupstate.GroupState;
import org.cpmmss.cpm.imdn.ImdnCpim;
import org.cpmmss.cpm.imdn.ImdnNotification;
import org.cpmmss.cpm.mime.MimeLimits;

/**
 * Builders and readers of the single-part stored objects: chat messages, standalone messages (pager and
 * large-message mode), disposition notifications, FT-over-HTTP, SMS, MMS and Group State Objects.
 * Session and file transfer histories: see {@code SessionObjects} and {@code FileTransferObjects}.
 * Builders check the headers each kind requires (storage-profile §2.2) and refuse the object otherwise.
 */
public final class CpmObjects {
    private final MimeLimits limits;

    public CpmObjects() {
        this(MimeLimits.DEFAULT);
    }

    public CpmObjects(MimeLimits limits) {
        this.limits = limits;
    }

    /** A chat message (1-1 or group): message/cpim with Contribution-ID, IMDN-Message-ID and Message-Direction. */
    public StoredObject chatMessage(CpmObjectHeaders h, CpimMessage cpim) throws CpmFormatException {
        require(h.contributionId(), CpmHeaders.CONTRIBUTION_ID, "a chat message");
        require(h.imdnMessageId(), CpmHeaders.IMDN_MESSAGE_ID, "a chat message");
        return cpimObject(h, cpim);
    }

    /**
     * A CPM standalone message, pager mode or large-message mode: both are stored the same way, a
     * message/cpim object in the conversation's folder; only the transport differed.
     */
    public StoredObject standaloneMessage(CpmObjectHeaders h, CpimMessage cpim) throws CpmFormatException {
        require(h.conversationId(), CpmHeaders.CONVERSATION_ID, "a standalone message");
        require(h.imdnMessageId(), CpmHeaders.IMDN_MESSAGE_ID, "a standalone message");
        return cpimObject(h, cpim);
    }

    /** A disposition notification: message/cpim wrapping a valid message/imdn+xml. */
    public StoredObject dispositionNotification(CpmObjectHeaders h, CpimMessage cpim) throws CpmFormatException {
        require(h.imdnMessageId(), CpmHeaders.IMDN_MESSAGE_ID, "a disposition notification");
        ImdnCpim.unwrap(cpim);
        return cpimObject(h, cpim);
    }

    /** An RCS FT-over-HTTP object: message/cpim wrapping a valid application/vnd.gsma.rcs-ft-http+xml. */
    public StoredObject fileTransferHttp(CpmObjectHeaders h, CpimMessage cpim) throws CpmFormatException {
        require(h.contributionId(), CpmHeaders.CONTRIBUTION_ID, "a file transfer");
        require(h.imdnMessageId(), CpmHeaders.IMDN_MESSAGE_ID, "a file transfer");
        FtHttpInfo.fromCpim(cpim);
        return cpimObject(h, cpim);
    }

    /** A legacy SMS: {@code Message-Context: pager-message} and a Message-Correlator. */
    public StoredObject sms(CpmObjectHeaders h, CpimMessage cpim) throws CpmFormatException {
        require(h.messageCorrelator(), CpmHeaders.MESSAGE_CORRELATOR, "an SMS");
        return cpimObject(h.toBuilder().messageContext(CpmHeaders.CONTEXT_PAGER).build(), cpim);
    }

    /** A legacy MMS: {@code Message-Context: multimedia-message}, CPIM payload normally Multipart/Related. */
    public StoredObject mms(CpmObjectHeaders h, CpimMessage cpim) throws CpmFormatException {
        return cpimObject(h.toBuilder().messageContext(CpmHeaders.CONTEXT_MULTIMEDIA).build(), cpim);
    }

    /** Any message/cpim object; Message-Direction is required. */
    public StoredObject cpimObject(CpmObjectHeaders h, CpimMessage cpim) throws CpmFormatException {
        require(h.messageDirection(), CpmHeaders.MESSAGE_DIRECTION, "a message/cpim object");
        return StoredObject.create(h, CpmHeaders.CONTENT_TYPE_CPIM, "8bit", cpim.bytes());
    }

    /** A Group State Object; Contribution-ID is required. */
    public StoredObject groupState(CpmObjectHeaders h, GroupState state) throws CpmFormatException {
        require(h.contributionId(), CpmHeaders.CONTRIBUTION_ID, "a Group State Object");
        return StoredObject.create(h, CpmHeaders.CONTENT_TYPE_GROUP_STATE, "8bit", state.toXml());
    }

    /** The CPIM body of a message/cpim object. */
    public CpimMessage readCpim(StoredObject object) throws CpmFormatException {
        if (!object.contentType().is(CpmHeaders.CONTENT_TYPE_CPIM)) {
            throw new CpmFormatException("not a message/cpim object");
        }
        return CpimMessage.parse(object.part().decodedBody(), limits);
    }

    public ImdnNotification readNotification(StoredObject object) throws CpmFormatException {
        return ImdnCpim.unwrap(readCpim(object));
    }

    public FtHttpInfo readFileTransferHttp(StoredObject object) throws CpmFormatException {
        return FtHttpInfo.fromCpim(readCpim(object));
    }

    public GroupState readGroupState(StoredObject object) throws CpmFormatException {
        if (!object.contentType().is(GroupState.CONTENT_TYPE)) {
            throw new CpmFormatException("not a Group State Object");
        }
        return GroupState.parse(object.part().decodedBody());
    }

    private static void require(Optional<String> v, String header, String what) throws CpmFormatException {
        if (v.isEmpty() || v.get().isBlank()) {
            throw new CpmFormatException(what + " needs a " + header + " header");
        }
    }
}
