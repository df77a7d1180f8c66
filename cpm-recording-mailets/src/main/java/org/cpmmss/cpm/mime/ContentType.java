package org.cpmmss.cpm.mime;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.dom.field.ContentTypeField;
import org.apache.james.mime4j.field.ContentTypeFieldLenientImpl;
import org.apache.james.mime4j.stream.RawField;

/**
 * A parsed Content-Type (via Mime4j's lenient parser).
 *
 * @param mimeType lower-cased {@code type/subtype}
 * @param parameters parameters keyed by lower-cased name
 */
public record ContentType(String mimeType, Map<String, String> parameters) {
    public static final int MAX_LENGTH = 4096;

    public ContentType {
        parameters = Map.copyOf(parameters);
    }

    /** Parses a Content-Type value; an unparsable or absent type gives {@code mimeType} "". */
    public static ContentType parse(String value) {
        if (value == null || value.isBlank() || value.length() > MAX_LENGTH) {
            return new ContentType("", Map.of());
        }
        ContentTypeField f = ContentTypeFieldLenientImpl.PARSER.parse(new RawField("Content-Type", value),
                DecodeMonitor.SILENT);
        String type = f.getMimeType();
        String mime = type == null ? "" : type.toLowerCase(Locale.ROOT);
        if (!value.contains("/")) {
            mime = "";
        }
        Map<String, String> params = new java.util.HashMap<>();
        if (f.getParameters() != null) {
            f.getParameters().forEach((k, v) -> {
                if (k != null && v != null) {
                    params.put(k.toLowerCase(Locale.ROOT), v);
                }
            });
        }
        return new ContentType(mime, params);
    }

    public boolean is(String type) {
        return mimeType.equalsIgnoreCase(type);
    }

    public Optional<String> parameter(String name) {
        return Optional.ofNullable(parameters.get(name.toLowerCase(Locale.ROOT)));
    }
}
