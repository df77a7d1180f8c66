package org.cpmmss.james.imap.profile;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Properties;
import java.util.Set;

/**
 * The four switches of the IMAP profile, read once at start from {@code conf/imap-profile.properties}.
 * A missing file or key means "on": the profile is what RCS message-store clients expect.
 */
public final class ImapProfileConfiguration {
    public static final String FILE_NAME = "imap-profile.properties";
    public static final String HIERARCHY_DELIMITER_SLASH = "imap.profile.hierarchy-delimiter-slash";
    public static final String CONDSTORE_ADVERTISED = "imap.profile.condstore-advertised";
    public static final String REQUEST_ORDER_RESPONSES = "imap.profile.request-order-responses";
    public static final String ATOM_MAILBOX_NAMES = "imap.profile.atom-mailbox-names";
    private static final Set<String> KEYS = Set.of(HIERARCHY_DELIMITER_SLASH, CONDSTORE_ADVERTISED,
        REQUEST_ORDER_RESPONSES, ATOM_MAILBOX_NAMES);

    private final boolean slashDelimiter;
    private final boolean condstoreAdvertised;
    private final boolean requestOrderResponses;
    private final boolean atomMailboxNames;

    public ImapProfileConfiguration(boolean slashDelimiter, boolean condstoreAdvertised, boolean requestOrderResponses,
                                    boolean atomMailboxNames) {
        this.slashDelimiter = slashDelimiter;
        this.condstoreAdvertised = condstoreAdvertised;
        this.requestOrderResponses = requestOrderResponses;
        this.atomMailboxNames = atomMailboxNames;
    }

    public static ImapProfileConfiguration allOn() {
        return new ImapProfileConfiguration(true, true, true, true);
    }

    public static ImapProfileConfiguration allOff() {
        return new ImapProfileConfiguration(false, false, false, false);
    }

    /** Reads the file; a missing file means every switch on. Unknown keys and non-boolean values are refused. */
    public static ImapProfileConfiguration load(File file) {
        Properties properties = new Properties();
        if (file.isFile()) {
            try (InputStream in = Files.newInputStream(file.toPath())) {
                properties.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        for (String key : properties.stringPropertyNames()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException(file + ": unknown key " + key + " (known: " + KEYS + ")");
            }
        }
        return new ImapProfileConfiguration(
            flag(properties, HIERARCHY_DELIMITER_SLASH, file),
            flag(properties, CONDSTORE_ADVERTISED, file),
            flag(properties, REQUEST_ORDER_RESPONSES, file),
            flag(properties, ATOM_MAILBOX_NAMES, file));
    }

    private static boolean flag(Properties properties, String key, File file) {
        String value = properties.getProperty(key, "true").trim();
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException(file + ": " + key + " must be true or false, not '" + value + "'");
    }

    public boolean slashDelimiter() {
        return slashDelimiter;
    }

    public char delimiter() {
        return slashDelimiter ? '/' : '.';
    }

    public boolean condstoreAdvertised() {
        return condstoreAdvertised;
    }

    public boolean requestOrderResponses() {
        return requestOrderResponses;
    }

    public boolean atomMailboxNames() {
        return atomMailboxNames;
    }

    @Override
    public String toString() {
        return HIERARCHY_DELIMITER_SLASH + "=" + slashDelimiter + ", " + CONDSTORE_ADVERTISED + "=" + condstoreAdvertised
            + ", " + REQUEST_ORDER_RESPONSES + "=" + requestOrderResponses + ", " + ATOM_MAILBOX_NAMES + "=" + atomMailboxNames;
    }
}
