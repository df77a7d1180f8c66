package org.cpmmss.james.state;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.cpmmss.james.store.api.RecordedKey;
import org.cpmmss.james.store.api.RecordedKeys;
import org.cpmmss.recording.port.CpmStateStore;

/**
 * The {@link CpmStateStore} of a server whose mailbox is the native store (embedded or PostgreSQL): idempotency keys
 * are recorded by the store with their messages ({@link RecordedKeys}, one transaction and one force per append), so
 * {@link #recorded} answers from there first and {@link #markDone} (a key found or stored outside an append: a
 * session part inside its session object, a message found after a crash) writes there too. Keys an earlier release
 * wrote into the state database ({@code legacy}, DONE or PENDING) are still honoured: when the state database held
 * any at start, a key the store does not know is looked up there. Session kinds and held sessions stay in the state
 * database.
 */
public final class StoreRecordedState implements CpmStateStore {
    private final CpmStateStore legacy;
    private final RecordedKeys keys;
    private volatile boolean legacyKeys;

    /** {@code legacyKeys}: whether the state database holds recorded keys (read at start). */
    public StoreRecordedState(CpmStateStore legacy, RecordedKeys keys, boolean legacyKeys) {
        this.legacy = legacy;
        this.keys = keys;
        this.legacyKeys = legacyKeys;
    }

    @Override
    public Optional<Recorded> recorded(String owner, String key) {
        Optional<RecordedKeys.Entry> entry = keys.find(owner, key);
        if (entry.isPresent()) {
            RecordedKeys.Entry e = entry.get();
            return Optional.of(new Recorded(State.DONE, e.folder(), e.uidValidity(), e.uid()));
        }
        return legacyKeys ? legacy.recorded(owner, key) : Optional.empty();
    }

    /** Only a server without the native store writes PENDING keys; kept for tools and tests that recreate one. */
    @Override
    public void markPending(String owner, String key, String folder, long uidValidity, long lastUid) {
        legacyKeys = true;
        legacy.markPending(owner, key, folder, uidValidity, lastUid);
    }

    @Override
    public void markDone(String owner, String key, String folder, long uidValidity, long uid) {
        keys.record(new RecordedKey(owner, key, folder, uidValidity, true), uid);
    }

    @Override
    public void rememberSessionKind(String owner, String contributionId, boolean group) {
        legacy.rememberSessionKind(owner, contributionId, group);
    }

    @Override
    public Optional<Boolean> sessionKind(String owner, String contributionId) {
        return legacy.sessionKind(owner, contributionId);
    }

    @Override
    public Optional<HeldSession> heldSession(String owner, String contributionId) {
        return legacy.heldSession(owner, contributionId);
    }

    @Override
    public boolean openSession(HeldSession session) {
        return legacy.openSession(session);
    }

    @Override
    public boolean addPart(String owner, String contributionId, String key, byte[] bytes, Instant now) {
        return legacy.addPart(owner, contributionId, key, bytes, now);
    }

    @Override
    public List<HeldPart> parts(String owner, String contributionId) {
        return legacy.parts(owner, contributionId);
    }

    @Override
    public List<HeldSession> idleSessions(Instant cutoff) {
        return legacy.idleSessions(cutoff);
    }

    @Override
    public List<HeldSession> claimIdleSessions(Instant cutoff) {
        return legacy.claimIdleSessions(cutoff);
    }

    @Override
    public void deleteSession(String owner, String contributionId) {
        legacy.deleteSession(owner, contributionId);
    }
}
