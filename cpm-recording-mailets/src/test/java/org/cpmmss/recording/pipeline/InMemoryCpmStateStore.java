package org.cpmmss.recording.pipeline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.cpmmss.recording.port.CpmStateStore;

/** A {@link CpmStateStore} in memory (recorded keys, session kinds, held sessions). */
final class InMemoryCpmStateStore implements CpmStateStore {
    private final Map<String, Recorded> recorded = new HashMap<>();
    private final Map<String, Boolean> sessionKinds = new HashMap<>();
    private final Map<String, HeldSession> sessions = new LinkedHashMap<>();
    private final Map<String, LinkedHashMap<String, HeldPart>> parts = new HashMap<>();

    private static String id(String owner, String key) {
        return owner.toLowerCase(Locale.ROOT) + "\n" + key;
    }

    @Override
    public Optional<Recorded> recorded(String owner, String key) {
        return Optional.ofNullable(recorded.get(id(owner, key)));
    }

    @Override
    public void markPending(String owner, String key, String folder, long uidValidity, long lastUid) {
        recorded.put(id(owner, key), new Recorded(State.PENDING, folder, uidValidity, lastUid));
    }

    @Override
    public void markDone(String owner, String key, String folder, long uidValidity, long uid) {
        recorded.put(id(owner, key), new Recorded(State.DONE, folder, uidValidity, uid));
    }

    @Override
    public void rememberSessionKind(String owner, String contributionId, boolean group) {
        sessionKinds.put(id(owner, contributionId), group);
    }

    @Override
    public Optional<Boolean> sessionKind(String owner, String contributionId) {
        return Optional.ofNullable(sessionKinds.get(id(owner, contributionId)));
    }

    @Override
    public Optional<HeldSession> heldSession(String owner, String contributionId) {
        return Optional.ofNullable(sessions.get(id(owner, contributionId)));
    }

    @Override
    public boolean openSession(HeldSession session) {
        return sessions.putIfAbsent(id(session.owner(), session.contributionId()), session) == null;
    }

    @Override
    public boolean addPart(String owner, String contributionId, String key, byte[] bytes, Instant now) {
        return parts.computeIfAbsent(id(owner, contributionId), k -> new LinkedHashMap<>())
            .putIfAbsent(key, new HeldPart(key, bytes)) == null;
    }

    @Override
    public List<HeldPart> parts(String owner, String contributionId) {
        return new ArrayList<>(parts.getOrDefault(id(owner, contributionId), new LinkedHashMap<>()).values());
    }

    @Override
    public List<HeldSession> idleSessions(Instant cutoff) {
        return sessions.values().stream().filter(s -> s.lastActivity().isBefore(cutoff)).toList();
    }

    @Override
    public void deleteSession(String owner, String contributionId) {
        sessions.remove(id(owner, contributionId));
        parts.remove(id(owner, contributionId));
    }
}
