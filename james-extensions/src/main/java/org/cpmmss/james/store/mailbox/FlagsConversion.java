package org.cpmmss.james.store.mailbox;

import java.util.Arrays;

import javax.mail.Flags;

import org.cpmmss.james.store.api.FlagState;

/** Converts between javax.mail {@link Flags} and the store's {@link FlagState} (also for the IMAP FETCH path). */
public final class FlagsConversion {
    private static final Flags.Flag[] SYSTEM = {Flags.Flag.ANSWERED, Flags.Flag.DELETED, Flags.Flag.DRAFT,
        Flags.Flag.FLAGGED, Flags.Flag.RECENT, Flags.Flag.SEEN};
    private static final int[] BITS = {FlagState.ANSWERED, FlagState.DELETED, FlagState.DRAFT, FlagState.FLAGGED,
        FlagState.RECENT, FlagState.SEEN};

    private FlagsConversion() {
    }

    static FlagState toState(Flags flags) {
        int bits = 0;
        for (int i = 0; i < SYSTEM.length; i++) {
            if (flags.contains(SYSTEM[i])) {
                bits |= BITS[i];
            }
        }
        return FlagState.of(bits, Arrays.asList(flags.getUserFlags()));
    }

    public static Flags toFlags(FlagState state) {
        Flags flags = new Flags();
        for (int i = 0; i < SYSTEM.length; i++) {
            if (state.has(BITS[i])) {
                flags.add(SYSTEM[i]);
            }
        }
        state.keywords().forEach(flags::add);
        return flags;
    }
}
