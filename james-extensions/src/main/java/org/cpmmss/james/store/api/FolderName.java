package org.cpmmss.james.store.api;

import java.util.Objects;

/**
 * The full name of an IMAP folder: namespace (e.g. {@code #private}), owning account (empty for none) and the
 * hierarchical name with its delimiter (e.g. {@code Default/tel:+33612345678}).
 */
public record FolderName(String namespace, String owner, String name) {
    public FolderName {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        owner = owner == null ? "" : owner;
    }
}
