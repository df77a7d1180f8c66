package org.cpmmss.james.store.api;

/** An inclusive range of UIDs ({@code to} = {@link Long#MAX_VALUE} for "up to the last"). */
public record UidRange(long from, long to) {
    public static final UidRange ALL = new UidRange(1, Long.MAX_VALUE);

    public static UidRange one(long uid) {
        return new UidRange(uid, uid);
    }
}
