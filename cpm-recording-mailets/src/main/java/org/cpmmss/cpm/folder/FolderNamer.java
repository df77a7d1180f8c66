package org.cpmmss.cpm.folder;

import java.util.List;
import java.util.Objects;

import org.cpmmss.cpm.address.CpmAddress;

/**
 * Decides the folder of a stored object, for both layouts of design.md, below a configurable root
 * (default {@code Default}), delimiter {@code /}. Every component is checked by
 * {@link FolderNames#requireSafe(String, String)}: unsafe ids and addresses are refused with
 * {@link UnsafeFolderNameException}, never escaped.
 *
 * <table>
 *   <tr><th>conversation</th><th>{@code rcs}</th><th>{@code oma}</th></tr>
 *   <tr><td>1-1 standalone / file transfer</td><td>{@code root/<peer>}</td><td>{@code root/<conv>}</td></tr>
 *   <tr><td>1-1 session (chat, IMDN, session info)</td><td>{@code root/<peer>}</td><td>{@code root/<conv>/<contrib>}</td></tr>
 *   <tr><td>group standalone / file transfer</td><td>{@code root/<conv>/<contrib>}</td><td>{@code root/<conv>}</td></tr>
 *   <tr><td>group session (chat, IMDN, session info, GSO)</td><td>{@code root/<conv>/<contrib>}</td><td>{@code root/<conv>/<contrib>}</td></tr>
 * </table>
 */
public final class FolderNamer {
    public static final String DEFAULT_ROOT = "Default";

    private final FolderLayout layout;
    private final String root;

    public FolderNamer(FolderLayout layout) {
        this(layout, DEFAULT_ROOT);
    }

    /** @throws IllegalArgumentException when the configured root is not a safe folder name */
    public FolderNamer(FolderLayout layout, String root) {
        this.layout = Objects.requireNonNull(layout);
        try {
            this.root = FolderNames.requireSafe("folder root", root);
        } catch (UnsafeFolderNameException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    public FolderLayout layout() {
        return layout;
    }

    public String root() {
        return root;
    }

    /** The root folder itself. */
    public FolderPath rootFolder() {
        return new FolderPath(List.of(root));
    }

    /** Folder of a 1-1 standalone message or 1-1 file transfer. */
    public FolderPath oneToOneStandalone(CpmAddress peer, String conversationId) throws UnsafeFolderNameException {
        return layout == FolderLayout.RCS ? peerFolder(peer) : conversationFolder(conversationId);
    }

    /** Folder of the objects of a 1-1 session (chat messages, notifications, session info). */
    public FolderPath oneToOneSession(CpmAddress peer, String conversationId, String contributionId)
            throws UnsafeFolderNameException {
        return layout == FolderLayout.RCS ? peerFolder(peer) : sessionFolder(conversationId, contributionId);
    }

    /** Folder of a group standalone message or a file transfer to a group. */
    public FolderPath groupStandalone(String conversationId, String contributionId) throws UnsafeFolderNameException {
        return layout == FolderLayout.RCS ? sessionFolder(conversationId, contributionId) : conversationFolder(conversationId);
    }

    /** Folder of the objects of a group session (chat messages, notifications, session info, Group State Object). */
    public FolderPath groupSession(String conversationId, String contributionId) throws UnsafeFolderNameException {
        return sessionFolder(conversationId, contributionId);
    }

    /** Generic entry point. {@code peer} is used for 1-1 in the rcs layout only. */
    public FolderPath folderFor(boolean group, boolean session, CpmAddress peer, String conversationId,
                                String contributionId) throws UnsafeFolderNameException {
        if (group) {
            return session ? groupSession(conversationId, contributionId) : groupStandalone(conversationId, contributionId);
        }
        return session ? oneToOneSession(peer, conversationId, contributionId) : oneToOneStandalone(peer, conversationId);
    }

    /** {@code <root>/<peer URI>} — e.g. {@code Default/tel:+33612345678}. */
    public FolderPath peerFolder(CpmAddress peer) throws UnsafeFolderNameException {
        if (peer == null) {
            throw new UnsafeFolderNameException(UnsafeFolderNameException.Reason.EMPTY, "peer address is missing");
        }
        return new FolderPath(List.of(root, FolderNames.requireSafe("peer address", peer.uri())));
    }

    /** {@code <root>/<Conversation-ID>}. */
    public FolderPath conversationFolder(String conversationId) throws UnsafeFolderNameException {
        return new FolderPath(List.of(root, FolderNames.requireSafe("Conversation-ID", conversationId)));
    }

    /** {@code <root>/<Conversation-ID>/<Contribution-ID>}. */
    public FolderPath sessionFolder(String conversationId, String contributionId) throws UnsafeFolderNameException {
        return new FolderPath(List.of(root,
                FolderNames.requireSafe("Conversation-ID", conversationId),
                FolderNames.requireSafe("Contribution-ID", contributionId)));
    }
}
