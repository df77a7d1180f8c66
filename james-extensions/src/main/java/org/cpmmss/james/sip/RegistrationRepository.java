package org.cpmmss.james.sip;

import java.util.List;

/**
 * Which CPM clients of each hosted user are registered. REGISTER state is soft state that clients refresh
 * before it lapses, so an implementation may lose it on restart (clients re-register); a shared
 * implementation (e.g. on the distributed backends) can replace the in-memory one without touching the bridge.
 */
public interface RegistrationRepository {
    /** Adds or refreshes a binding (same {@link Registration#key()} = same binding). */
    void bind(Registration registration);

    /** Removes the binding of {@code account} with this key (instance or contact URI), if any. */
    void unbind(String account, String key);

    /** Removes every binding of {@code account} (REGISTER with {@code Contact: *} and {@code Expires: 0}). */
    void unbindAll(String account);

    /** The live (not yet lapsed) bindings of {@code account}. */
    List<Registration> bindings(String account);
}
