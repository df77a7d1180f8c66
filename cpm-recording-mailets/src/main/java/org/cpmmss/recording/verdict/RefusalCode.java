package org.cpmmss.recording.verdict;

/**
 * Why the pipeline refused an object for an owner ({@link OwnerVerdict.Refused}); the human reason rides along.
 * Every refusal is permanent: the submitter must not retry the same object.
 */
public enum RefusalCode {
    /** Malformed, unclassifiable, over {@code cpm.limits.*}, or with ids that cannot be safe folder names (validation). */
    INVALID_OBJECT,
    /** A disposition notification that cannot be read, or one about an anonymous message. */
    INVALID_NOTIFICATION,
    /** A deferred hand-over the deferred steps cannot take (e.g. its {@code Expires} or headers). */
    INVALID_HANDOVER,
    /** The object could not be filed in the owner's conversation folder (a name the store refuses). */
    NOT_FILEABLE
}
