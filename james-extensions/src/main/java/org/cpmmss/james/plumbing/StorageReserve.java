package org.cpmmss.james.plumbing;

import java.io.File;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongSupplier;

import org.apache.james.util.Size;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The free space the data directory's file system keeps in reserve: below {@code cpm.storage.min-free} (default
 * {@value #DEFAULT_MIN_FREE}) every door refuses new objects with a temporary answer (SMTP and LMTP {@code 452 4.3.1}
 * at RCPT, HTTP {@code 503}, SIP {@code 503} with Retry-After, IMAP APPEND {@code NO}) before anything is written.
 *
 * <p>Why a reserve rather than the disk's own "no space left": H2 2.2 does not survive a failed write. On a truly
 * full disk it closed the database and, in the drills and in {@code bench/drills/H2FullDiskCheck.java}, either
 * corrupted the file ("unable to recover a valid set of chunks") or lost commits it had already acknowledged; ActiveMQ's
 * journal stops for good at its first failed write. So the server stops taking work while there is still room, and the
 * reserve is what lets the work already accepted (flag changes, the search index) finish. Mail the SMTP door has
 * spooled but the pipeline not yet stored needs room too, and the spool can hold thousands: each waiting mail adds
 * {@link #SPOOLED_MAIL_BYTES} to the space required, so the doors stop taking objects early enough for the backlog to
 * be stored. Once space is freed the doors take objects again at once: the check runs on every object.</p>
 */
public final class StorageReserve {
    private static final Logger LOGGER = LoggerFactory.getLogger(StorageReserve.class);
    public static final String MIN_FREE = "cpm.storage.min-free";
    public static final String DEFAULT_MIN_FREE = "128M";
    /** Room kept per mail waiting in the SMTP spool: a 1 KiB chat object for two owners took ~40 KB of H2 file and index. */
    public static final long SPOOLED_MAIL_BYTES = 64 * 1024;

    private final File dataDirectory;
    private final long minFreeBytes;
    private final LongSupplier spooledMails;
    private volatile boolean refusing;

    /** {@code spooledMails}: how many mails wait in the SMTP spool now (may be approximate and cached briefly). */
    public StorageReserve(File dataDirectory, long minFreeBytes, LongSupplier spooledMails) {
        if (minFreeBytes < 0) {
            throw new IllegalArgumentException(MIN_FREE + " must not be negative");
        }
        this.dataDirectory = dataDirectory;
        this.minFreeBytes = minFreeBytes;
        this.spooledMails = spooledMails;
    }

    /** Reads {@value #MIN_FREE} through {@code lookup} (null = unset): a size such as {@code 128M}, {@code 2G} or bytes. */
    public static StorageReserve from(File dataDirectory, Function<String, String> lookup, LongSupplier spooledMails) {
        String value = lookup.apply(MIN_FREE);
        String size = value == null || value.isBlank() ? DEFAULT_MIN_FREE : value.trim();
        long bytes;
        try {
            bytes = Size.parse(size).asBytes();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(MIN_FREE + " must be a size such as 128M or 2G, not '" + size + "'", e);
        }
        if (bytes < 0) {
            throw new IllegalArgumentException(MIN_FREE + " must be a size such as 128M or 2G, not '" + size + "'");
        }
        return new StorageReserve(dataDirectory, bytes, spooledMails);
    }

    public long minFreeBytes() {
        return minFreeBytes;
    }

    /** Why new objects are refused now (free space under the reserve), or empty when there is room. */
    public Optional<String> shortage() {
        if (minFreeBytes == 0) {
            return Optional.empty();
        }
        // one statvfs call: Files.getFileStore would also read the mount table, on every RCPT and every object
        // (a directory that cannot be inspected reads as 0 bytes free, so the doors refuse)
        long free = dataDirectory.getUsableSpace();
        long spooled = Math.max(0, spooledMails.getAsLong());
        if (free >= minFreeBytes && free - minFreeBytes >= SPOOLED_MAIL_BYTES * spooled) {
            return refusing(Optional.empty());
        }
        return refusing(Optional.of("insufficient storage: " + mebibytes(free) + " free under the data directory, "
            + "below the " + mebibytes(minFreeBytes) + " reserve (" + MIN_FREE + ")"
            + (spooled > 0 ? " plus " + mebibytes(spooled * SPOOLED_MAIL_BYTES) + " for the " + spooled
                + " mails waiting in the SMTP spool" : "")));
    }

    /** Logs the changes only: once when the doors start refusing, once when they take objects again. */
    private Optional<String> refusing(Optional<String> shortage) {
        if (shortage.isPresent() != refusing) {
            refusing = shortage.isPresent();
            if (refusing) {
                LOGGER.warn("The doors refuse new objects until space is freed: {}", shortage.get());
            } else {
                LOGGER.info("The data directory has {} free or more again: the doors take new objects",
                    mebibytes(minFreeBytes));
            }
        }
        return shortage;
    }

    private static String mebibytes(long bytes) {
        return (bytes >> 20) + " MiB";
    }
}
