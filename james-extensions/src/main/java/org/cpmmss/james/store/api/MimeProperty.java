package org.cpmmss.james.store.api;

/** One parsed MIME property of a stored message (content type parameters, disposition, language…). */
public record MimeProperty(String namespace, String name, String value) {
}
