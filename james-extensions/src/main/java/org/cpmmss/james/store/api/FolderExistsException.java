package org.cpmmss.james.store.api;

/** A folder of that name already exists (CREATE or RENAME onto an existing name). */
public class FolderExistsException extends StoreException {
    public FolderExistsException(FolderName name) {
        super("folder exists: " + name);
    }
}
