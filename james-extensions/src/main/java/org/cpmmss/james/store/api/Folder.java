package org.cpmmss.james.store.api;

/**
 * A stored folder (an IMAP mailbox, a CPM conversation or session history folder): its numeric id (never reused),
 * its name and its UIDVALIDITY.
 */
public record Folder(long id, FolderName name, long uidValidity) {
}
