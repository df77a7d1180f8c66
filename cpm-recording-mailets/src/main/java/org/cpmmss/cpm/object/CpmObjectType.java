package org.cpmmss.cpm.object;

/** The kinds of stored objects, as an RCS client tells them apart. */
public enum CpmObjectType {
    /** message/cpim with a text/plain payload (1-1 or group chat, or a CPM standalone message); also an OMA-style plain text object. */
    CHAT_MESSAGE,
    /** message/cpim with a message/imdn+xml payload. */
    DISPOSITION_NOTIFICATION,
    /** message/cpim with an application/vnd.gsma.rcs-ft-http+xml payload (RCS file transfer over HTTP). */
    FILE_TRANSFER_HTTP,
    /** message/cpim whose payload is of another type, or could not be read (e.g. headers only). */
    CPIM_OTHER,
    /** {@code Message-Context: pager-message}. */
    SMS,
    /** {@code Message-Context: multimedia-message}. */
    MMS,
    /** Single-part {@code Application/X-CPM-Session}. */
    SESSION_INFO,
    /** {@code multipart/related; type="Application/X-CPM-Session"} (whole session as one object). */
    SESSION_HISTORY,
    /** {@code multipart/related; type="Application/X-CPM-File-Transfer"}. */
    FILE_TRANSFER_HISTORY,
    /** {@code application/group-state-object+xml}. */
    GROUP_STATE,
    /** Anything else: a standalone media object. */
    MEDIA
}
