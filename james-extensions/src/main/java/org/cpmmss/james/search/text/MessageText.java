package org.cpmmss.james.search.text;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.parser.AbstractContentHandler;
import org.apache.james.mime4j.parser.MimeStreamParser;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.util.MimeUtil;

/**
 * What the text index keeps of one message: its top-level header fields with their values unfolded and
 * RFC 2047-decoded, and as body text the headers of its body parts and enclosed messages (message/rfc822 is
 * parsed too) and the searchable text of its leaf parts ({@link PayloadText}); for the address headers the
 * {@link AddressText}.
 */
public record MessageText(List<Map.Entry<String, String>> headers, List<Map.Entry<String, String>> rawHeaders, String body) {
    static final int MAX_BODY_CHARS = TrigramTokenizer.MAX_CHARS;
    /** The text of a message that cannot be parsed: no header, no body. */
    public static final MessageText EMPTY = new MessageText(List.of(), List.of(), "");

    public static MessageText parse(InputStream message) throws IOException {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        List<Map.Entry<String, String>> rawHeaders = new ArrayList<>();
        StringBuilder body = new StringBuilder();
        MimeStreamParser parser = new MimeStreamParser(MimeConfig.PERMISSIVE);
        parser.setContentDecoding(true);
        // message/rfc822 parts are parsed too: their parts are then read by media type, not as raw text
        parser.setRecurse();
        parser.setContentHandler(new AbstractContentHandler() {
            private int headerBlocks;

            @Override
            public void startHeader() {
                headerBlocks++;
            }

            @Override
            public void field(Field field) {
                if (headerBlocks == 1) {
                    add(field, headers, rawHeaders);
                } else if (body.length() < MAX_BODY_CHARS) {
                    // headers of body parts and of enclosed messages are body text (RFC 3501 BODY, TEXT)
                    body.append(field.getName()).append(": ").append(decode(field.getBody())).append('\n');
                }
            }

            @Override
            public void body(BodyDescriptor descriptor, InputStream in) throws IOException {
                byte[] content = in.readNBytes(MAX_BODY_CHARS);
                PayloadText.of(descriptor.getMimeType(), descriptor.getCharset(), content).ifPresent(text -> {
                    if (body.length() > 0) {
                        body.append('\n');
                    }
                    body.append(text, 0, Math.min(text.length(), Math.max(0, MAX_BODY_CHARS - body.length())));
                });
            }
        });
        try {
            parser.parse(message);
        } catch (MimeException e) {
            throw new IOException("Unreadable message: " + e.getMessage(), e);
        }
        return new MessageText(headers, rawHeaders, body.toString());
    }

    /** The text of top-level header fields alone (no body): {@link HeaderFields}. */
    static MessageText ofFields(List<Field> fields) {
        List<Map.Entry<String, String>> headers = new ArrayList<>(fields.size());
        List<Map.Entry<String, String>> rawHeaders = new ArrayList<>(fields.size());
        for (Field field : fields) {
            add(field, headers, rawHeaders);
        }
        return new MessageText(headers, rawHeaders, "");
    }

    /** A top-level field: its value unfolded and RFC 2047-decoded, and its raw value unfolded (addresses). */
    private static void add(Field field, List<Map.Entry<String, String>> headers,
                            List<Map.Entry<String, String>> rawHeaders) {
        headers.add(Map.entry(field.getName(), decode(field.getBody())));
        rawHeaders.add(Map.entry(field.getName(), MimeUtil.unfold(field.getBody() == null ? "" : field.getBody()).trim()));
    }

    static String decode(String rawValue) {
        String unfolded = MimeUtil.unfold(rawValue == null ? "" : rawValue).trim();
        try {
            return DecoderUtil.decodeEncodedWords(unfolded, DecodeMonitor.SILENT);
        } catch (RuntimeException e) {
            return unfolded;
        }
    }

    /** The first value of a header, by case-insensitive name. */
    public Optional<String> first(String name) {
        return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst();
    }

    /** The address text of every header with that name (Bcc may come more than once), empty when none. */
    public Optional<AddressText> addresses(String name) {
        List<String> raw = new ArrayList<>();
        List<String> decoded = new ArrayList<>();
        for (int i = 0; i < headers.size(); i++) {
            if (headers.get(i).getKey().equalsIgnoreCase(name)) {
                raw.add(rawHeaders.get(i).getValue());
                decoded.add(headers.get(i).getValue());
            }
        }
        return raw.isEmpty() ? Optional.empty() : Optional.of(AddressText.of(String.join(", ", raw), String.join("\n", decoded)));
    }

    /** Every value of every header, grouped by lower-cased name, values joined with a line feed. */
    public Map<String, String> valuesByName() {
        Map<String, String> byName = new LinkedHashMap<>();
        for (Map.Entry<String, String> header : headers) {
            byName.merge(header.getKey().toLowerCase(Locale.ROOT), header.getValue(), (a, b) -> a + "\n" + b);
        }
        return byName;
    }

    /** The header section as text: "Name: value" per line. */
    public String headerText() {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, String> header : headers) {
            text.append(header.getKey()).append(": ").append(header.getValue()).append('\n');
        }
        return text.toString();
    }
}
