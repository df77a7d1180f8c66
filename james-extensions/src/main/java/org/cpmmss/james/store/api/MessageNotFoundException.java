package org.cpmmss.james.store.api;

/** The message to copy or move is no longer in its folder. */
public class MessageNotFoundException extends StoreException {
    public MessageNotFoundException(long folderId, long uid) {
        super("no message " + uid + " in folder " + folderId);
    }
}
