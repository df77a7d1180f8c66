package org.cpmmss.james.imap.notify;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.james.core.Username;

/** The IMAP sessions that asked for NOTIFY, by the user whose mailboxes they watch. */
public class NotifyRegistry {
    private final ConcurrentHashMap<Username, Set<NotifyingSession>> byUser = new ConcurrentHashMap<>();

    public void register(NotifyingSession session) {
        byUser.computeIfAbsent(session.user(), any -> ConcurrentHashMap.newKeySet()).add(session);
    }

    public void unregister(NotifyingSession session) {
        byUser.computeIfPresent(session.user(), (user, sessions) -> {
            sessions.remove(session);
            return sessions.isEmpty() ? null : sessions;
        });
    }

    public Collection<NotifyingSession> sessionsOf(Username user) {
        Set<NotifyingSession> sessions = byUser.get(user);
        return sessions == null ? Set.of() : sessions;
    }

    public int size() {
        return byUser.values().stream().mapToInt(Set::size).sum();
    }
}
