package org.cpmmss.recording.outcome;

import java.util.Objects;
import java.util.Optional;

/**
 * What the recording pipeline did for one owner (one RCPT TO account) of one submitted mail. Every door
 * answers from these: LMTP per recipient, HTTP in its JSON body, SIP in its status code.
 *
 * <ul>
 *   <li>{@link Kind#STORED}: committed to {@code folder} with {@code uidValidity}/{@code uid}.</li>
 *   <li>{@link Kind#DUPLICATE}: the owner already had this object (same IMDN-Message-ID, else Message-ID);
 *       nothing new stored; {@code folder}/{@code uid} name the copy already there when known.</li>
 *   <li>{@link Kind#HELD}: accepted and held durably (an open session under on-completion, a deferred queue entry).</li>
 *   <li>{@link Kind#NOT_RECORDED}: skipped by the recording gate (user preference or operator policy); the
 *       door still answers success, with "not recorded (policy)" in its text.</li>
 *   <li>{@link Kind#REFUSED}: permanent refusal (malformed object, unsafe id, too large…), with a reason.</li>
 *   <li>{@link Kind#FAILED}: temporary failure (storage unavailable); the PF should retry.</li>
 * </ul>
 */
public record OwnerOutcome(Kind kind, String reason, Optional<String> folder, long uidValidity, long uid) {
    public enum Kind { STORED, DUPLICATE, HELD, NOT_RECORDED, REFUSED, FAILED }

    public OwnerOutcome {
        Objects.requireNonNull(kind);
        Objects.requireNonNull(reason);
        Objects.requireNonNull(folder);
    }

    public static OwnerOutcome stored(String folder, long uidValidity, long uid) {
        return new OwnerOutcome(Kind.STORED, "stored", Optional.of(folder), uidValidity, uid);
    }

    public static OwnerOutcome duplicate(Optional<String> folder, long uidValidity, long uid) {
        return new OwnerOutcome(Kind.DUPLICATE, "already stored", folder, uidValidity, uid);
    }

    public static OwnerOutcome held(String reason) {
        return new OwnerOutcome(Kind.HELD, reason, Optional.empty(), 0, 0);
    }

    public static OwnerOutcome notRecorded(String reason) {
        return new OwnerOutcome(Kind.NOT_RECORDED, reason, Optional.empty(), 0, 0);
    }

    public static OwnerOutcome refused(String reason) {
        return new OwnerOutcome(Kind.REFUSED, reason, Optional.empty(), 0, 0);
    }

    public static OwnerOutcome failed(String reason) {
        return new OwnerOutcome(Kind.FAILED, reason, Optional.empty(), 0, 0);
    }

    /** True for every outcome a door answers as success (the PF must not retry). */
    public boolean isSuccess() {
        return kind != Kind.REFUSED && kind != Kind.FAILED;
    }
}
