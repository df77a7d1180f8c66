package org.cpmmss.cpm.cpim;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.cpmmss.cpm.CpmDates;
import org.cpmmss.cpm.CpmFormatException;
import org.cpmmss.cpm.mime.ContentType;
import org.cpmmss.cpm.mime.HeaderBlock;
import org.cpmmss.cpm.mime.HeaderField;
import org.cpmmss.cpm.mime.HeaderValues;
import org.cpmmss.cpm.mime.MimeLimits;
import org.cpmmss.cpm.mime.MimePart;

/**
 * A message/cpim body (RFC 3862): CPIM header block, empty line, the encapsulated MIME object (its
 * headers, empty line, its content). Parsing keeps the received bytes: {@link #bytes()} returns them
 * unchanged. Instances are immutable; equality is byte equality.
 */
public final class CpimMessage {
    /** Largest message/cpim body parsed by default. */
    public static final int DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

    private final byte[] raw;
    private final HeaderBlock cpimHeaders;
    private final Map<String, String> namespaces;
    private final MimePart payload;

    private CpimMessage(byte[] raw, HeaderBlock cpimHeaders, Map<String, String> namespaces, MimePart payload) {
        this.raw = raw;
        this.cpimHeaders = cpimHeaders;
        this.namespaces = namespaces;
        this.payload = payload;
    }

    public static CpimMessage parse(byte[] raw) throws CpmFormatException {
        return parse(raw, MimeLimits.DEFAULT);
    }

    /**
     * Parses a message/cpim body. Required: a CPIM header block ended by an empty line, well-formed
     * {@code NS:} declarations, an encapsulated MIME header block ended by an empty line and carrying a
     * Content-Type. Header values are not interpreted here (see the typed accessors).
     */
    public static CpimMessage parse(byte[] raw, MimeLimits limits) throws CpmFormatException {
        if (raw.length > limits.maxObjectBytes()) {
            throw new CpmFormatException("message/cpim larger than " + limits.maxObjectBytes() + " bytes");
        }
        byte[] copy = raw.clone();
        HeaderBlock cpim = HeaderBlock.parse(copy, 0, limits, false, "message/cpim headers");
        if (cpim.fields().isEmpty()) {
            throw new CpmFormatException("message/cpim has no CPIM header");
        }
        Map<String, String> ns = new LinkedHashMap<>();
        for (HeaderField f : cpim.fields()) {
            if (f.name().equals("NS")) {
                Namespace n = Namespace.parse(f.value());
                ns.put(n.prefix(), n.uri());
            }
        }
        byte[] rest = Arrays.copyOfRange(copy, cpim.end(), copy.length);
        HeaderBlock inner = HeaderBlock.parse(rest, 0, limits, false, "message/cpim encapsulated MIME headers");
        if (inner.first("Content-Type").isEmpty()) {
            throw new CpmFormatException("message/cpim encapsulated MIME object has no Content-Type");
        }
        refuseNul(cpim, "message/cpim header");
        refuseNul(inner, "message/cpim encapsulated MIME header");
        MimePart payload = MimePart.parse(rest, limits, "message/cpim encapsulated MIME object");
        return new CpimMessage(copy, cpim, Collections.unmodifiableMap(ns), payload);
    }

    /** A NUL in a header value is refused, as in the outer headers (HeaderValues): no C-string truncation downstream. */
    private static void refuseNul(HeaderBlock block, String what) throws CpmFormatException {
        for (HeaderField f : block.fields()) {
            if (f.value().indexOf('\0') >= 0) {
                throw new CpmFormatException(what + " " + f.name() + ": value contains NUL");
            }
        }
    }

    /** The exact bytes (as received, or as written by the builder). */
    public byte[] bytes() {
        return raw.clone();
    }

    /** CPIM header fields in order ({@code NS} lines included). */
    public List<HeaderField> headers() {
        return cpimHeaders.fields();
    }

    /** Declared namespaces: prefix ("" for the default namespace) → URI. */
    public Map<String, String> namespaces() {
        return namespaces;
    }

    /** First value of a header by its name as written (case-insensitive), e.g. {@code "imdn.Message-ID"}. */
    public Optional<String> header(String name) {
        return cpimHeaders.first(name);
    }

    /**
     * First value of a header of a namespace, whatever prefix the sender chose ({@code NS: x
     * <urn:ietf:params:imdn>} then {@code x.Message-ID}). The customary {@code imdn} prefix is honoured
     * even when undeclared.
     */
    public Optional<String> header(String namespaceUri, String name) {
        for (Map.Entry<String, String> e : namespaces.entrySet()) {
            if (e.getValue().equals(namespaceUri) && !e.getKey().isEmpty()) {
                Optional<String> v = header(e.getKey() + "." + name);
                if (v.isPresent()) {
                    return v;
                }
            }
        }
        if (namespaceUri.equals(CpimNamespaces.IMDN) && !namespaces.containsKey("imdn")) {
            return header("imdn." + name);
        }
        return Optional.empty();
    }

    public Optional<String> from() {
        return header("From");
    }

    public List<String> to() {
        return cpimHeaders.all("To");
    }

    public Optional<String> subject() {
        return header("Subject");
    }

    /** {@code DateTime}, accepted as RFC 3339 or with a {@code +0100} offset. */
    public Optional<OffsetDateTime> dateTime() throws CpmFormatException {
        Optional<String> v = header("DateTime");
        return v.isEmpty() ? Optional.empty() : Optional.of(CpmDates.parseDateTime(v.get()));
    }

    public Optional<String> imdnMessageId() {
        return header(CpimNamespaces.IMDN, "Message-ID");
    }

    /** The {@code imdn.Disposition-Notification} request, empty when absent. */
    public Set<DispositionRequest> dispositionNotification() throws CpmFormatException {
        Optional<String> v = header(CpimNamespaces.IMDN, "Disposition-Notification");
        return v.isEmpty() ? EnumSet.noneOf(DispositionRequest.class) : DispositionRequest.parseHeader(v.get());
    }

    /** The encapsulated MIME object (headers and content), byte for byte. */
    public MimePart payload() {
        return payload;
    }

    public ContentType payloadContentType() {
        return payload.contentType();
    }

    /** The content of the encapsulated object (after its empty line). */
    public byte[] body() {
        return payload.body();
    }

    /**
     * A copy in which the positive-delivery request was taken out of {@code imdn.Disposition-Notification}
     * (the header is dropped when nothing remains); every other byte is kept. Used at deferred hand-over.
     */
    public CpimMessage withoutPositiveDeliveryRequest() throws CpmFormatException {
        List<HeaderField> fields = cpimHeaders.fields();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int copied = 0;
        for (int i = 0; i < fields.size(); i++) {
            HeaderField f = fields.get(i);
            if (!isImdnHeader(f.name(), "Disposition-Notification")) {
                continue;
            }
            Set<DispositionRequest> req = DispositionRequest.parseHeader(f.value());
            if (!req.remove(DispositionRequest.POSITIVE_DELIVERY)) {
                continue;
            }
            out.write(raw, copied, cpimHeaders.fieldStart(i) - copied);
            if (!req.isEmpty()) {
                String eol = lineEnding(cpimHeaders.fieldEnd(i));
                out.writeBytes((f.name() + ": " + DispositionRequest.formatHeader(req) + eol).getBytes(StandardCharsets.UTF_8));
            }
            copied = cpimHeaders.fieldEnd(i);
        }
        if (copied == 0) {
            return this;
        }
        out.write(raw, copied, raw.length - copied);
        return parse(out.toByteArray());
    }

    private boolean isImdnHeader(String name, String local) {
        int dot = name.indexOf('.');
        if (dot < 0 || !name.substring(dot + 1).equalsIgnoreCase(local)) {
            return false;
        }
        String prefix = name.substring(0, dot);
        String uri = namespaces.get(prefix);
        return CpimNamespaces.IMDN.equals(uri) || (uri == null && prefix.equals("imdn"));
    }

    private String lineEnding(int fieldEnd) {
        return fieldEnd >= 2 && raw[fieldEnd - 2] == '\r' ? "\r\n" : "\n";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CpimMessage c && Arrays.equals(raw, c.raw);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(raw);
    }

    @Override
    public String toString() {
        return new String(raw, StandardCharsets.UTF_8);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Writes a message/cpim body with CRLF line ends and an RFC 3339 {@code DateTime}. */
    public static final class Builder {
        private final List<HeaderField> headers = new ArrayList<>();
        private final List<HeaderField> payloadHeaders = new ArrayList<>();
        private byte[] content = new byte[0];
        private boolean contentLength = true;

        private Builder() {
        }

        /** Any CPIM header, written in call order. */
        public Builder header(String name, String value) {
            headers.add(new HeaderField(name, value));
            return this;
        }

        public Builder from(String uri) {
            return header("From", angle(uri));
        }

        public Builder to(String uri) {
            return header("To", angle(uri));
        }

        public Builder subject(String subject) {
            return header("Subject", subject);
        }

        /** {@code NS: prefix <uri>}. */
        public Builder namespace(String prefix, String uri) {
            return header("NS", (prefix.isEmpty() ? "" : prefix + " ") + "<" + uri + ">");
        }

        public Builder imdnNamespace() {
            return namespace("imdn", CpimNamespaces.IMDN);
        }

        public Builder dateTime(OffsetDateTime t) {
            return header("DateTime", CpmDates.formatDateTime(t));
        }

        public Builder imdnMessageId(String id) {
            return header("imdn.Message-ID", id);
        }

        public Builder dispositionNotification(Set<DispositionRequest> requests) {
            return header("imdn.Disposition-Notification", DispositionRequest.formatHeader(requests));
        }

        /** Encapsulated object: its Content-Type, extra MIME headers and content. */
        public Builder payload(String contentType, byte[] body, HeaderField... extraHeaders) {
            payloadHeaders.clear();
            payloadHeaders.add(new HeaderField("Content-Type", contentType));
            payloadHeaders.addAll(List.of(extraHeaders));
            content = body.clone();
            return this;
        }

        public Builder payload(String contentType, String body, HeaderField... extraHeaders) {
            return payload(contentType, body.getBytes(StandardCharsets.UTF_8), extraHeaders);
        }

        /** Whether to write {@code Content-Length} in the encapsulated headers (default yes). */
        public Builder contentLength(boolean write) {
            contentLength = write;
            return this;
        }

        public CpimMessage build() throws CpmFormatException {
            if (payloadHeaders.isEmpty()) {
                throw new CpmFormatException("message/cpim needs an encapsulated payload");
            }
            StringBuilder b = new StringBuilder();
            for (HeaderField f : headers) {
                HeaderValues.requireSafe(f.name(), f.value());
                b.append(f.line()).append("\r\n");
            }
            b.append("\r\n");
            for (HeaderField f : payloadHeaders) {
                HeaderValues.requireSafe(f.name(), f.value());
                b.append(f.line()).append("\r\n");
            }
            if (contentLength) {
                b.append("Content-Length: ").append(content.length).append("\r\n");
            }
            b.append("\r\n");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(b.toString().getBytes(StandardCharsets.UTF_8));
            out.writeBytes(content);
            return parse(out.toByteArray());
        }

        private static String angle(String uri) {
            String u = uri.trim();
            return u.endsWith(">") ? u : "<" + u + ">";
        }
    }
}
