package org.cpmmss.recording.verdict;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The verdicts of one hand-over, one per owner account the pipeline decided on (owner names compare without
 * case). An owner without a verdict is one the pipeline said nothing about: plain mail delivered to an INBOX on
 * LMTP, a defect on HTTP and SIP.
 */
public final class OwnerVerdicts {
    private static final OwnerVerdicts NONE = new OwnerVerdicts(Map.of());

    private final Map<String, OwnerVerdict> byOwner;

    private OwnerVerdicts(Map<String, OwnerVerdict> byOwner) {
        this.byOwner = byOwner;
    }

    public static OwnerVerdicts none() {
        return NONE;
    }

    /** The verdicts keyed by owner account (any case). */
    public static OwnerVerdicts of(Map<String, OwnerVerdict> verdicts) {
        Map<String, OwnerVerdict> keyed = new java.util.HashMap<>();
        verdicts.forEach((owner, verdict) -> keyed.put(key(owner), verdict));
        return new OwnerVerdicts(Map.copyOf(keyed));
    }

    public Optional<OwnerVerdict> forOwner(String owner) {
        return Optional.ofNullable(byOwner.get(key(owner)));
    }

    public boolean isEmpty() {
        return byOwner.isEmpty();
    }

    static String key(String owner) {
        return owner.toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return byOwner.toString();
    }
}
