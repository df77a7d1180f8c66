package org.cpmmss.cpm.object;

/** Header names of stored CPM objects, spelled as in design.md / storage-profile.md. */
public final class CpmHeaders {
    public static final String DATE = "Date";
    public static final String FROM = "From";
    public static final String TO = "To";
    public static final String SUBJECT = "Subject";
    public static final String CONVERSATION_ID = "Conversation-ID";
    public static final String CONTRIBUTION_ID = "Contribution-ID";
    public static final String IN_REPLY_TO_CONTRIBUTION_ID = "InReplyTo-Contribution-ID";
    public static final String IMDN_MESSAGE_ID = "IMDN-Message-ID";
    public static final String MESSAGE_DIRECTION = "Message-Direction";
    public static final String MESSAGE_CONTEXT = "Message-Context";
    public static final String MESSAGE_CORRELATOR = "Message-Correlator";
    public static final String MESSAGE_ID = "Message-ID";
    public static final String MIME_VERSION = "MIME-Version";
    public static final String CONTENT_TYPE = "Content-Type";
    public static final String CONTENT_TRANSFER_ENCODING = "Content-Transfer-Encoding";
    public static final String CONTENT_ID = "Content-ID";
    /** PF → MSS: {@code ended} closes a recorded session (design.md). */
    public static final String CPM_SESSION_STATE = "CPM-Session-State";
    /** PF → MSS: {@code deferred-handover} marks a deferred message handed over (design.md). */
    public static final String CPM_DELIVERY = "CPM-Delivery";
    /** Expiry of a temporary (deferred) object, RFC 5322 date. */
    public static final String EXPIRES = "Expires";

    public static final String DIRECTION_SENT = "sent";
    public static final String DIRECTION_RECEIVED = "received";
    public static final String CONTEXT_PAGER = "pager-message";
    public static final String CONTEXT_MULTIMEDIA = "multimedia-message";
    public static final String SESSION_STATE_ENDED = "ended";
    public static final String DELIVERY_DEFERRED_HANDOVER = "deferred-handover";

    public static final String CONTENT_TYPE_CPIM = "message/cpim";
    public static final String CONTENT_TYPE_SESSION = "Application/X-CPM-Session";
    public static final String CONTENT_TYPE_FILE_TRANSFER = "Application/X-CPM-File-Transfer";
    public static final String CONTENT_TYPE_GROUP_STATE = "Application/group-state-object+xml";
    public static final String CONTENT_TYPE_IMDN = "message/imdn+xml";
    public static final String CONTENT_TYPE_FT_HTTP = "application/vnd.gsma.rcs-ft-http+xml";

    private CpmHeaders() {
    }
}
