package org.cpmmss.james.store.mailbox;

import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongFunction;

import org.cpmmss.james.store.api.FolderSelection;

import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * One SELECT/EXAMINE command's read of the folder, handed to the message mapper through the Reactor context of the
 * command (as {@link ChangedSince} is for FETCH). James asks the mapper separately for the UID list, UIDNEXT,
 * HIGHESTMODSEQ, the first unseen UID, the message and unseen counts and the recent UIDs (a pass over the folder
 * each); within a scope the first of these questions reads the folder once ({@code MessageStore.selection}) and
 * the others are answered from that read, so the numbers a SELECT reports come from one consistent state.
 * Questions outside a scope (STATUS, FETCH, any other command) read the store as before.
 */
public final class SelectionScope {
    private static final String KEY = SelectionScope.class.getName();
    private long folderId;
    private FolderSelection selection;

    private SelectionScope() {
    }

    /** Opens a scope for the processing of one SELECT/EXAMINE command. */
    public static Function<Context, Context> open() {
        return context -> context.put(KEY, new SelectionScope());
    }

    static Optional<SelectionScope> in(ContextView context) {
        return context.getOrEmpty(KEY);
    }

    /** The folder's read in this scope, made by {@code read} the first time the folder is asked for. */
    synchronized FolderSelection of(long folder, LongFunction<FolderSelection> read) {
        if (selection == null || folderId != folder) {
            selection = read.apply(folder);
            folderId = folder;
        }
        return selection;
    }

    /** The read already made for the folder, if any. */
    synchronized Optional<FolderSelection> made(long folder) {
        return selection != null && folderId == folder ? Optional.of(selection) : Optional.empty();
    }
}
