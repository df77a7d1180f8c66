package org.cpmmss.recording.verdict;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import org.cpmmss.cpm.CpmFormatException;
import org.cpmmss.cpm.xml.XmlTooLargeException;

/**
 * What the recording pipeline decided for one owner (one recipient account) of one mail handed to it
 * ({@link PipelineHandOver}). Every door answers from the type of the verdict alone, each in one class of its
 * own (LMTP reply, HTTP status and body, SIP response); {@link #reason()} is a human account of the decision
 * for logs and answer texts, never something a door decides on.
 *
 * <ul>
 *   <li>{@link Stored}: committed to a conversation folder, with its UIDVALIDITY and UID.</li>
 *   <li>{@link Repeat}: the owner already had this object (or another device's notification of the same kind
 *       won); nothing new stored.</li>
 *   <li>{@link HeldInSession}: held durably in an open on-completion session.</li>
 *   <li>{@link Queued}: a deferred-queue entry (deferred-delivery {@code push} or {@code notify}).</li>
 *   <li>{@link NotRecorded}: skipped by the recording gate (user or operator policy), or the originator of a
 *       deferred hand-over; answered as success.</li>
 *   <li>{@link Refused} (with a {@link RefusalCode}) and {@link TooLarge}: permanent refusals, never retried.</li>
 *   <li>{@link DoNotDisturb} and {@link Offline}: a live message the recipient does not take now; nothing stored.</li>
 *   <li>{@link TemporaryFailure}: storage failed for now; the submitter retries.</li>
 * </ul>
 */
public sealed interface OwnerVerdict {
    /** A human-readable account of the verdict (logs, answer texts); never the decision carrier. */
    String reason();

    /**
     * The verdict's name in the documented outcome vocabulary that answers publish (the HTTP {@code outcome}
     * member, the SIP {@code CPM-Outcome} header): {@code stored}, {@code duplicate}, {@code held},
     * {@code not-recorded}, {@code refused}, {@code failed}; {@code do-not-disturb} and {@code offline}.
     */
    String publishedName();

    /** True for every verdict a door answers as success: the object is safe, the submitter must not retry. */
    default boolean isSuccess() {
        return true;
    }

    /** Calls the visitor's method for this kind of verdict (a door's mapping covers every kind: the compiler checks). */
    <R> R accept(VerdictVisitor<R> visitor);

    /** The owner has the object in a conversation folder: what the conversation store answers. */
    sealed interface Filed extends OwnerVerdict permits Stored, Repeat {
        /** The folder holding the owner's copy, when known. */
        Optional<String> filedFolder();

        long uidValidity();

        /** The copy's UID, 0 when not known. */
        long uid();
    }

    /** Committed to {@code folder} with {@code uidValidity}/{@code uid}. */
    record Stored(String folder, long uidValidity, long uid) implements Filed {
        public Stored {
            Objects.requireNonNull(folder);
        }

        @Override
        public Optional<String> filedFolder() {
            return Optional.of(folder);
        }

        @Override
        public String reason() {
            return "stored";
        }

        @Override
        public String publishedName() {
            return "stored";
        }

        @Override
        public <R> R accept(VerdictVisitor<R> visitor) {
            return visitor.stored(this);
        }
    }

    /** Nothing new stored; {@code folder}/{@code uid} name the copy already there when known. */
    record Repeat(Cause cause, Optional<String> folder, long uidValidity, long uid) implements Filed {
        /** Why nothing new was stored. */
        public enum Cause {
            /** Same IMDN-Message-ID (else Message-ID) already stored for the owner. */
            ALREADY_STORED("already stored"),
            /** Another device's disposition notification of the same kind came first (notifications.md). */
            SUPPRESSED_FIRST_WINS("suppressed (first-wins)");

            private final String text;

            Cause(String text) {
                this.text = text;
            }
        }

        public Repeat {
            Objects.requireNonNull(cause);
            Objects.requireNonNull(folder);
        }

        @Override
        public Optional<String> filedFolder() {
            return folder;
        }

        @Override
        public String reason() {
            return cause.text;
        }

        @Override
        public String publishedName() {
            return "duplicate";
        }

        @Override
        public <R> R accept(VerdictVisitor<R> visitor) {
            return visitor.repeat(this);
        }
    }

    /** Held durably in an open on-completion session (cpm.recording.session-mode). */
    record HeldInSession(Hold hold) implements OwnerVerdict {
        /** How the object joined the session. */
        public enum Hold {
            /** A new session, or a new part of an open one. */
            UNTIL_SESSION_ENDS("held until the session ends"),
            /** A part the session already held. */
            ALREADY_HELD("already held"),
            /** A second session info object for a session already open. */
            SESSION_ALREADY_OPEN("session already open");

            private final String text;

            Hold(String text) {
                this.text = text;
            }
        }

        public HeldInSession {
            Objects.requireNonNull(hold);
        }

        @Override
        public String reason() {
            return hold.text;
        }

        @Override
        public String publishedName() {
            return "held";
        }

        @Override
        public <R> R accept(VerdictVisitor<R> visitor) {
            return visitor.heldInSession(this);
        }
    }

    /** A deferred-queue entry for the owner (options 1 and 2 of docs/deferred.md); {@code repeat}: already queued. */
    record Queued(DeferredMode mode, boolean repeat) implements OwnerVerdict {
        /** The owner's {@code deferred-delivery} preference that queued it. */
        public enum DeferredMode {
            PUSH, NOTIFY;

            /** The preference value ({@code push}, {@code notify}). */
            public String value() {
                return name().toLowerCase(Locale.ROOT);
            }

            public static DeferredMode of(String preference) {
                return DeferredMode.valueOf(preference.trim().toUpperCase(Locale.ROOT));
            }
        }

        public Queued {
            Objects.requireNonNull(mode);
        }

        @Override
        public String reason() {
            return (repeat ? "already " : "") + "queued for deferred delivery: " + mode.value();
        }

        @Override
        public String publishedName() {
            return "held";
        }

        @Override
        public <R> R accept(VerdictVisitor<R> visitor) {
            return visitor.queued(this);
        }
    }

    /** Not recorded for this owner; answered as success (the PF must not retry). */
    record NotRecorded(Cause cause) implements OwnerVerdict {
        /** Why the owner gets no copy. */
        public enum Cause {
            /** Recording off, by the user's preference or the operator's policy. */
            POLICY("not recorded (policy)"),
            /** The originator of a deferred hand-over: delivery concerns the recipients only. */
            HANDOVER_ORIGINATOR("originator of a deferred hand-over, not a recipient: nothing stored");

            private final String text;

            Cause(String text) {
                this.text = text;
            }
        }

        public NotRecorded {
            Objects.requireNonNull(cause);
        }

        @Override
        public String reason() {
            return cause.text;
        }

        @Override
        public String publishedName() {
            return "not-recorded";
        }

        @Override
        public <R> R accept(VerdictVisitor<R> visitor) {
            return visitor.notRecorded(this);
        }
    }

    /** Permanently refused for the reason {@code code}; {@code reason} tells the submitter what was wrong. */
    record Refused(RefusalCode code, String reason) implements OwnerVerdict {
        public Refused {
            Objects.requireNonNull(code);
            Objects.requireNonNull(reason);
        }

        @Override
        public String publishedName() {
            return "refused";
        }

        @Override
        public <R> R accept(VerdictVisitor<R> visitor) {
            return visitor.refused(this);
        }

        @Override
        public boolean isSuccess() {
            return false;
        }
    }

    /** Permanently refused: a part of the object is over one of the server's size limits. */
    record TooLarge(String reason) implements OwnerVerdict {
        public TooLarge {
            Objects.requireNonNull(reason);
        }

        @Override
        public String publishedName() {
            return "refused";
        }

        @Override
        public <R> R accept(VerdictVisitor<R> visitor) {
            return visitor.tooLarge(this);
        }

        @Override
        public boolean isSuccess() {
            return false;
        }
    }

    /** A live message for a recipient with {@code do-not-disturb} on: nothing stored. */
    record DoNotDisturb() implements OwnerVerdict {
        @Override
        public String reason() {
            return "do not disturb";
        }

        @Override
        public String publishedName() {
            return "do-not-disturb";
        }

        @Override
        public <R> R accept(VerdictVisitor<R> visitor) {
            return visitor.doNotDisturb(this);
        }

        @Override
        public boolean isSuccess() {
            return false;
        }
    }

    /** A live message for a recipient with {@code reject-when-offline} on and no registered client: nothing stored. */
    record Offline() implements OwnerVerdict {
        @Override
        public String reason() {
            return "no client registered";
        }

        @Override
        public String publishedName() {
            return "offline";
        }

        @Override
        public <R> R accept(VerdictVisitor<R> visitor) {
            return visitor.offline(this);
        }

        @Override
        public boolean isSuccess() {
            return false;
        }
    }

    /** Storing failed for now (storage unavailable); nothing acknowledged, the submitter retries. */
    record TemporaryFailure(String reason) implements OwnerVerdict {
        /** The one temporary failure the pipeline reports today. */
        public static final TemporaryFailure STORAGE = new TemporaryFailure("storage failure, retry later");

        public TemporaryFailure {
            Objects.requireNonNull(reason);
        }

        @Override
        public String publishedName() {
            return "failed";
        }

        @Override
        public <R> R accept(VerdictVisitor<R> visitor) {
            return visitor.temporaryFailure(this);
        }

        @Override
        public boolean isSuccess() {
            return false;
        }
    }

    static Stored stored(String folder, long uidValidity, long uid) {
        return new Stored(folder, uidValidity, uid);
    }

    static Repeat alreadyStored(Optional<String> folder, long uidValidity, long uid) {
        return new Repeat(Repeat.Cause.ALREADY_STORED, folder, uidValidity, uid);
    }

    /**
     * The refusal for an object the CPM format library rejected: {@link TooLarge} when a size limit of the format
     * library caused it, else {@link Refused} with {@code code}.
     */
    static OwnerVerdict refusal(RefusalCode code, CpmFormatException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof XmlTooLargeException) {
                return new TooLarge(e.reason());
            }
        }
        return new Refused(code, e.reason());
    }
}
