package org.cpmmss.james.imap.profile;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * The switches of the IMAP profile, read once at start from {@code conf/imap-profile.properties}.
 * A missing file or key means "on": the profile is what RCS message-store clients expect.
 */
public final class ImapProfileConfiguration {
    public static final String FILE_NAME = "imap-profile.properties";
    public static final String HIERARCHY_DELIMITER_SLASH = "imap.profile.hierarchy-delimiter-slash";
    public static final String CONDSTORE_ADVERTISED = "imap.profile.condstore-advertised";
    public static final String REQUEST_ORDER_RESPONSES = "imap.profile.request-order-responses";
    public static final String ATOM_MAILBOX_NAMES = "imap.profile.atom-mailbox-names";
    public static final String CAPABILITY_AFTER_LOGIN = "imap.profile.capability-after-login";
    public static final String CHILD_INFO_WHEN_ASKED = "imap.profile.child-info-when-asked";
    public static final String SELECT_RESPONSE_ORDER = "imap.profile.select-response-order";
    public static final String SYSTEM_FLAG_ORDER = "imap.profile.system-flag-order";
    public static final String FLAG_UPDATE_SHAPE = "imap.profile.flag-update-shape";
    /** SELECT/EXAMINE reads the folder once (docs/imap-profile.md); false: James's separate reads, same answers. */
    public static final String SELECT_ONE_READ = "imap.profile.select-one-read";
    /** The switches added to make answers the same as Dovecot's where the difference is visible to a client. */
    public static final List<String> DOVECOT_SHAPES = List.of(CAPABILITY_AFTER_LOGIN, CHILD_INFO_WHEN_ASKED,
        SELECT_RESPONSE_ORDER, SYSTEM_FLAG_ORDER, FLAG_UPDATE_SHAPE);
    private static final Set<String> KEYS = Set.of(HIERARCHY_DELIMITER_SLASH, CONDSTORE_ADVERTISED,
        REQUEST_ORDER_RESPONSES, ATOM_MAILBOX_NAMES, CAPABILITY_AFTER_LOGIN, CHILD_INFO_WHEN_ASKED,
        SELECT_RESPONSE_ORDER, SYSTEM_FLAG_ORDER, FLAG_UPDATE_SHAPE, SELECT_ONE_READ);

    private final boolean slashDelimiter;
    private final boolean condstoreAdvertised;
    private final boolean requestOrderResponses;
    private final boolean atomMailboxNames;
    private final Set<String> dovecotShapes;
    private boolean selectOneRead = true;

    /** The four first switches as given, the Dovecot-shape switches off. */
    public ImapProfileConfiguration(boolean slashDelimiter, boolean condstoreAdvertised, boolean requestOrderResponses,
                                    boolean atomMailboxNames) {
        this(slashDelimiter, condstoreAdvertised, requestOrderResponses, atomMailboxNames,
            Set.of());
    }

    /** @param dovecotShapes the keys of {@link #DOVECOT_SHAPES} that are on */
    public ImapProfileConfiguration(boolean slashDelimiter, boolean condstoreAdvertised, boolean requestOrderResponses,
                                    boolean atomMailboxNames, Set<String> dovecotShapes) {
        this.slashDelimiter = slashDelimiter;
        this.condstoreAdvertised = condstoreAdvertised;
        this.requestOrderResponses = requestOrderResponses;
        this.atomMailboxNames = atomMailboxNames;
        this.dovecotShapes = Set.copyOf(dovecotShapes);
    }

    public static ImapProfileConfiguration allOn() {
        return new ImapProfileConfiguration(true, true, true, true, Set.copyOf(DOVECOT_SHAPES));
    }

    public static ImapProfileConfiguration allOff() {
        return new ImapProfileConfiguration(false, false, false, false, Set.of());
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
        Set<String> shapes = new java.util.HashSet<>();
        for (String key : DOVECOT_SHAPES) {
            if (flag(properties, key, file)) {
                shapes.add(key);
            }
        }
        ImapProfileConfiguration configuration = new ImapProfileConfiguration(
            flag(properties, HIERARCHY_DELIMITER_SLASH, file),
            flag(properties, CONDSTORE_ADVERTISED, file),
            flag(properties, REQUEST_ORDER_RESPONSES, file),
            flag(properties, ATOM_MAILBOX_NAMES, file),
            shapes);
        configuration.selectOneRead = flag(properties, SELECT_ONE_READ, file);
        return configuration;
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

    /** {@code LOGIN}/{@code AUTHENTICATE} OK carries {@code [CAPABILITY …]} (RFC 3501 7.1), as Dovecot's. */
    public boolean capabilityAfterLogin() {
        return dovecotShapes.contains(CAPABILITY_AFTER_LOGIN);
    }

    /** {@code \HasChildren}/{@code \HasNoChildren} in an extended LIST only when asked by {@code RETURN (CHILDREN)}. */
    public boolean childInfoWhenAsked() {
        return dovecotShapes.contains(CHILD_INFO_WHEN_ASKED);
    }

    /** Untagged SELECT/EXAMINE data in Dovecot's order. */
    public boolean selectResponseOrder() {
        return dovecotShapes.contains(SELECT_RESPONSE_ORDER);
    }

    /** System flags in RFC 3501's order ({@code \Answered \Flagged \Deleted \Seen \Draft \Recent}). */
    public boolean systemFlagOrder() {
        return dovecotShapes.contains(SYSTEM_FLAG_ORDER);
    }

    /** FETCH lines reporting flag updates as {@code [UID n] MODSEQ (m) FLAGS (…)}; needs request-order-responses. */
    public boolean flagUpdateShape() {
        return dovecotShapes.contains(FLAG_UPDATE_SHAPE) && requestOrderResponses;
    }

    /** SELECT/EXAMINE answered from one read of the folder (a speed switch: the answers are the same). */
    public boolean selectOneRead() {
        return selectOneRead;
    }

    @Override
    public String toString() {
        return HIERARCHY_DELIMITER_SLASH + "=" + slashDelimiter + ", " + CONDSTORE_ADVERTISED + "=" + condstoreAdvertised
            + ", " + REQUEST_ORDER_RESPONSES + "=" + requestOrderResponses + ", " + ATOM_MAILBOX_NAMES + "=" + atomMailboxNames
            + ", " + SELECT_ONE_READ + "=" + selectOneRead + ", on: " + new java.util.TreeSet<>(dovecotShapes);
    }
}
