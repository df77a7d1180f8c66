package org.cpmmss.recording.verdict;

/**
 * One method per kind of {@link OwnerVerdict}: how a door maps verdicts to its answer codes, kind by kind (a new kind
 * of verdict fails to compile in every door until it is answered there).
 */
public interface VerdictVisitor<R> {
    R stored(OwnerVerdict.Stored verdict);

    R repeat(OwnerVerdict.Repeat verdict);

    R heldInSession(OwnerVerdict.HeldInSession verdict);

    R queued(OwnerVerdict.Queued verdict);

    R notRecorded(OwnerVerdict.NotRecorded verdict);

    R refused(OwnerVerdict.Refused verdict);

    R tooLarge(OwnerVerdict.TooLarge verdict);

    R doNotDisturb(OwnerVerdict.DoNotDisturb verdict);

    R offline(OwnerVerdict.Offline verdict);

    R temporaryFailure(OwnerVerdict.TemporaryFailure verdict);
}
