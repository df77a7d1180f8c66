package org.cpmmss.cpm.filetransfer;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.cpmmss.cpm.CpmFormatException;
import org.cpmmss.cpm.mime.ContentType;
import org.cpmmss.cpm.mime.HeaderField;
import org.cpmmss.cpm.mime.MimeLimits;
import org.cpmmss.cpm.mime.MimePart;
import org.cpmmss.cpm.mime.Multipart;
import org.cpmmss.cpm.object.CpmHeaders;
import org.cpmmss.cpm.object.CpmObjectHeaders;
import org.cpmmss.cpm.object.StoredObject;

/**
 * Writing and reading file transfer history objects
 * ({@code multipart/related; type="Application/X-CPM-File-Transfer"}). Establishment time = {@code Date},
 * inviting user = {@code From}. Every {@code cid} of a file object (and of its thumbnail) must match the
 * {@code Content-ID} of exactly one part, and a file's declared size must equal its decoded bytes.
 */
public final class FileTransferObjects {
    private final MimeLimits limits;

    public FileTransferObjects() {
        this(MimeLimits.DEFAULT);
    }

    public FileTransferObjects(MimeLimits limits) {
        this.limits = limits;
    }

    public StoredObject write(CpmObjectHeaders headers, FileTransferRecord record, String boundary)
            throws CpmFormatException {
        validate(record.history(), record.contents());
        List<MimePart> parts = new ArrayList<>();
        parts.add(MimePart.of(List.of(new HeaderField(CpmHeaders.CONTENT_TYPE, CpmHeaders.CONTENT_TYPE_FILE_TRANSFER)),
                record.history().toXml()));
        Set<String> cids = new LinkedHashSet<>();
        for (FileObject f : record.history().files()) {
            cids.add(f.cid());
            f.thumbnailCid().ifPresent(cids::add);
        }
        for (String cid : cids) {
            FileContent c = record.contents().get(cid);
            parts.add(MimePart.of(List.of(
                    new HeaderField(CpmHeaders.CONTENT_TYPE, c.contentType()),
                    new HeaderField(CpmHeaders.CONTENT_TRANSFER_ENCODING, "base64"),
                    new HeaderField(CpmHeaders.CONTENT_ID, "<" + cid + ">")),
                    Base64.getMimeEncoder().encode(c.data())));
        }
        return StoredObject.create(headers, "multipart/related; boundary=\"" + boundary + "\"; type=\""
                + CpmHeaders.CONTENT_TYPE_FILE_TRANSFER + "\"", "8bit", Multipart.join(parts, boundary));
    }

    public StoredObject write(CpmObjectHeaders headers, FileTransferRecord record) throws CpmFormatException {
        return write(headers, record, Multipart.newBoundary());
    }

    public FileTransferRecord read(byte[] raw) throws CpmFormatException {
        return read(StoredObject.parse(raw, limits));
    }

    public FileTransferRecord read(StoredObject object) throws CpmFormatException {
        ContentType ct = object.contentType();
        if (!ct.is("multipart/related")
                || !ct.parameter("type").orElse("").trim().equalsIgnoreCase(CpmHeaders.CONTENT_TYPE_FILE_TRANSFER)) {
            throw new CpmFormatException("not a file transfer history: expected multipart/related; type=\""
                    + CpmHeaders.CONTENT_TYPE_FILE_TRANSFER + "\"");
        }
        String boundary = ct.parameter("boundary")
                .orElseThrow(() -> new CpmFormatException("file transfer history: multipart boundary missing"));
        List<MimePart> parts = Multipart.split(object.body(), boundary, limits);
        if (parts.isEmpty() || !parts.get(0).contentType().is(CpmHeaders.CONTENT_TYPE_FILE_TRANSFER)) {
            throw new CpmFormatException("file transfer history: the first part must be "
                    + CpmHeaders.CONTENT_TYPE_FILE_TRANSFER);
        }
        FileTransferHistory history = FileTransferHistory.parse(parts.get(0).decodedBody());
        Map<String, FileContent> contents = new HashMap<>();
        for (MimePart p : parts.subList(1, parts.size())) {
            Optional<String> cid = p.contentId();
            if (cid.isEmpty()) {
                continue;
            }
            if (contents.containsKey(cid.get())) {
                throw new CpmFormatException("file transfer history: Content-ID " + shorten(cid.get()) + " used twice");
            }
            String type = p.header(CpmHeaders.CONTENT_TYPE).orElse("application/octet-stream");
            contents.put(cid.get(), new FileContent(type, p.decodedBody()));
        }
        validate(history, contents);
        return new FileTransferRecord(history, contents);
    }

    private static void validate(FileTransferHistory history, Map<String, FileContent> contents)
            throws CpmFormatException {
        for (FileObject f : history.files()) {
            FileContent c = contents.get(f.cid());
            if (c == null) {
                throw new CpmFormatException("file transfer history: no part with Content-ID <" + shorten(f.cid()) + ">");
            }
            if (c.size() != f.size()) {
                throw new CpmFormatException("file transfer history: " + shorten(f.fileName()) + " declares size "
                        + f.size() + " but its part holds " + c.size() + " bytes");
            }
            if (f.thumbnailCid().isPresent() && !contents.containsKey(f.thumbnailCid().get())) {
                throw new CpmFormatException("file transfer history: no thumbnail part with Content-ID <"
                        + shorten(f.thumbnailCid().get()) + ">");
            }
        }
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
