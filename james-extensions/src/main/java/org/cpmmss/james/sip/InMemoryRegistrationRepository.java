package org.cpmmss.james.sip;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Registrations in memory, with expiry against a {@link Clock}. Lost on restart by design: REGISTER state
 * is soft state and clients refresh it (docs/sip-bridge.md, "Registrar").
 */
public class InMemoryRegistrationRepository implements RegistrationRepository {
    private final Clock clock;
    private final Map<String, Map<String, Registration>> byAccount = new ConcurrentHashMap<>();

    public InMemoryRegistrationRepository(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void bind(Registration registration) {
        byAccount.compute(key(registration.account()), (k, bindings) -> {
            Map<String, Registration> next = bindings == null ? new LinkedHashMap<>() : new LinkedHashMap<>(bindings);
            next.put(registration.key(), registration);
            return next;
        });
    }

    @Override
    public void unbind(String account, String bindingKey) {
        byAccount.computeIfPresent(key(account), (k, bindings) -> {
            Map<String, Registration> next = new LinkedHashMap<>(bindings);
            next.remove(bindingKey);
            next.values().removeIf(r -> r.contact().equals(bindingKey));
            return next.isEmpty() ? null : next;
        });
    }

    @Override
    public void unbindAll(String account) {
        byAccount.remove(key(account));
    }

    @Override
    public List<Registration> bindings(String account) {
        Map<String, Registration> bindings = byAccount.get(key(account));
        if (bindings == null) {
            return List.of();
        }
        List<Registration> live = new ArrayList<>();
        for (Registration r : bindings.values()) {
            if (r.expires().isAfter(clock.instant())) {
                live.add(r);
            }
        }
        return live;
    }

    private static String key(String account) {
        return account.toLowerCase(Locale.ROOT);
    }
}
