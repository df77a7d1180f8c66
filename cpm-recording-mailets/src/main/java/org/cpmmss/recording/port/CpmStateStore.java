package org.cpmmss.recording.port;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The recording pipeline's own durable state, behind one small interface so that a distributed
 * implementation can replace {@code H2CpmStateStore} (james-extensions) without touching the pipeline (design.md).
 *
 * <ul>
 *   <li>recorded keys: per owner, every idempotency key ({@code imdn:…}, {@code mid:…}, {@code sha256:…})
 *       stored or being stored, with its folder and UID;</li>
 *   <li>session kinds: per owner and Contribution-ID, whether a recorded session is a group session;</li>
 *   <li>held sessions: under {@code on-completion}, the open sessions and their parts.</li>
 * </ul>
 */
public interface CpmStateStore {
    enum State { PENDING, DONE }

    record Recorded(State state, String folder, long uidValidity, long uid) {
    }

    record HeldSession(String owner, String contributionId, String folder, String infoKey, String direction,
                       byte[] info, Instant lastActivity) {
    }

    record HeldPart(String key, byte[] bytes) {
    }

    Optional<Recorded> recorded(String owner, String key);

    /**
     * Written before the mailbox append: a PENDING key found later means "check the folder". {@code uidValidity} and
     * {@code lastUid} are the folder's when the append starts: a message appended afterwards has a higher UID, so the
     * check reads only the messages above {@code lastUid} (0: the whole folder).
     */
    void markPending(String owner, String key, String folder, long uidValidity, long lastUid);

    void markDone(String owner, String key, String folder, long uidValidity, long uid);

    void rememberSessionKind(String owner, String contributionId, boolean group);

    Optional<Boolean> sessionKind(String owner, String contributionId);

    Optional<HeldSession> heldSession(String owner, String contributionId);

    /** Opens a held session; false when one is already open for this owner and Contribution-ID. */
    boolean openSession(HeldSession session);

    /** Adds a part (in arrival order); false when a part with this key is already held. */
    boolean addPart(String owner, String contributionId, String key, byte[] bytes, Instant now);

    List<HeldPart> parts(String owner, String contributionId);

    /** Sessions whose last part arrived before {@code cutoff}. */
    List<HeldSession> idleSessions(Instant cutoff);

    /**
     * The idle sessions this node is to assemble now: on a shared store each is claimed by one node at a time
     * (skipped while another node's claim lasts); on a node-local store simply {@link #idleSessions}.
     */
    default List<HeldSession> claimIdleSessions(Instant cutoff) {
        return idleSessions(cutoff);
    }

    void deleteSession(String owner, String contributionId);
}
