package org.cpmmss.james.store.api;

import java.util.List;

/**
 * What the IMAP BODYSTRUCTURE of a message needs without reading its bytes: media type, subtype, textual line
 * count (null when unknown) and the other MIME properties.
 */
public record MimeSummary(String mediaType, String subType, Long textualLineCount, List<MimeProperty> properties) {
    public MimeSummary {
        // a list decoded on first use stays as it is (unmodifiable already)
        properties = properties instanceof DecodedOnUse<MimeProperty> ? properties : List.copyOf(properties);
    }
}
