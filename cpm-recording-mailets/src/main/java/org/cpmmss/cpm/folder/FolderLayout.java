package org.cpmmss.cpm.folder;

import java.util.Locale;

/** The two folder layouts of design.md, chosen by {@code cpm.folder.layout}. */
public enum FolderLayout {
    /** RCS 6.0 CMS (default): 1-1 in {@code <root>/<peer>}, group chat in {@code <root>/<conv>/<contrib>}. */
    RCS,
    /** OMA CPM MS: {@code <root>/<conv>} for standalone and file transfer, {@code <root>/<conv>/<contrib>} for a session. */
    OMA;

    /** Parses the configuration value {@code rcs} / {@code oma} (case-insensitive). */
    public static FolderLayout fromConfig(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "rcs" -> RCS;
            case "oma" -> OMA;
            default -> throw new IllegalArgumentException("cpm.folder.layout must be rcs or oma, not " + value);
        };
    }

    public String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
