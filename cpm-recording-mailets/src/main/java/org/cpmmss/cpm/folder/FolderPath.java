package org.cpmmss.cpm.folder;

import java.util.ArrayList;
import java.util.List;

/**
 * A folder path as validated name components, joined with the hierarchy delimiter {@code /}.
 */
public record FolderPath(List<String> components) {
    public static final char DELIMITER = '/';

    public FolderPath {
        components = List.copyOf(components);
        if (components.isEmpty()) {
            throw new IllegalArgumentException("empty folder path");
        }
    }

    /** The full IMAP mailbox name, e.g. {@code Default/tel:+33612345678}. */
    public String path() {
        return String.join(String.valueOf(DELIMITER), components);
    }

    /** This path and every ancestor, root first (the folders to create, in order). */
    public List<FolderPath> selfAndAncestors() {
        List<FolderPath> out = new ArrayList<>();
        for (int i = 1; i <= components.size(); i++) {
            out.add(new FolderPath(components.subList(0, i)));
        }
        return out;
    }

    public String leaf() {
        return components.get(components.size() - 1);
    }

    @Override
    public String toString() {
        return path();
    }
}
