package org.cpmmss.cpm.object;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Optional;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.cpmmss.cpm.CpmFormatException;
import org.cpmmss.cpm.cpim.CpimMessage;
import org.cpmmss.cpm.mime.ContentType;
import org.cpmmss.cpm.mime.MimeLimits;

/**
 * Tells stored object types apart the way RCS clients do: {@code Message-Context} first
 * ({@code pager-message} → SMS, {@code multimedia-message} → MMS, quotes and case ignored), then the
 * outer Content-Type (case-insensitive), then, for message/cpim, the Content-Type of the CPIM payload.
 */
public final class CpmObjectClassifier {
    private final MimeLimits limits;

    public CpmObjectClassifier() {
        this(MimeLimits.DEFAULT);
    }

    public CpmObjectClassifier(MimeLimits limits) {
        this.limits = limits;
    }

    public CpmObjectType classify(StoredObject object) {
        return classify(object.headers().messageContext(), object.part().header(CpmHeaders.CONTENT_TYPE),
                object.body());
    }

    /** Classifies raw object bytes (a header-only fetch is fine: a message/cpim then gives CPIM_OTHER). */
    public CpmObjectType classify(byte[] raw) throws CpmFormatException {
        return classify(StoredObject.parse(raw, limits));
    }

    /** Classifies a javax.mail message without changing it. */
    public CpmObjectType classify(MimeMessage message) throws CpmFormatException {
        try {
            Optional<String> context = Optional.ofNullable(message.getHeader(CpmHeaders.MESSAGE_CONTEXT, null));
            Optional<String> contentType = Optional.ofNullable(message.getHeader(CpmHeaders.CONTENT_TYPE, null));
            byte[] body = new byte[0];
            if (ContentType.parse(contentType.orElse(null)).is(CpmHeaders.CONTENT_TYPE_CPIM)) {
                body = readBounded(message.getRawInputStream());
            }
            return classify(context, contentType, body);
        } catch (MessagingException | IOException e) {
            throw new CpmFormatException("cannot read the message: " + e.getMessage(), e);
        }
    }

    private byte[] readBounded(InputStream in) throws IOException, CpmFormatException {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
                if (out.size() > limits.maxObjectBytes()) {
                    throw new CpmFormatException("message/cpim body larger than " + limits.maxObjectBytes() + " bytes");
                }
            }
            return out.toByteArray();
        }
    }

    /** The classification rule itself. */
    public CpmObjectType classify(Optional<String> messageContext, Optional<String> contentTypeHeader, byte[] body) {
        if (messageContext.isPresent()) {
            String ctx = messageContext.get().trim().replace("\"", "").toLowerCase(Locale.ROOT);
            int semi = ctx.indexOf(';');
            if (semi >= 0) {
                ctx = ctx.substring(0, semi).trim();
            }
            if (ctx.equals(CpmHeaders.CONTEXT_PAGER)) {
                return CpmObjectType.SMS;
            }
            if (ctx.equals(CpmHeaders.CONTEXT_MULTIMEDIA)) {
                return CpmObjectType.MMS;
            }
        }
        ContentType ct = ContentType.parse(contentTypeHeader.orElse("text/plain"));
        String type = ct.mimeType();
        if (type.equals("message/cpim")) {
            return classifyCpim(body);
        }
        if (type.equals("application/x-cpm-session")) {
            return CpmObjectType.SESSION_INFO;
        }
        if (type.equals("application/group-state-object+xml")) {
            return CpmObjectType.GROUP_STATE;
        }
        if (type.equals("multipart/related")) {
            String root = ct.parameter("type").orElse("").trim().toLowerCase(Locale.ROOT);
            if (root.equals("application/x-cpm-session")) {
                return CpmObjectType.SESSION_HISTORY;
            }
            if (root.equals("application/x-cpm-file-transfer")) {
                return CpmObjectType.FILE_TRANSFER_HISTORY;
            }
        }
        if (type.equals("text/plain")) {
            return CpmObjectType.CHAT_MESSAGE;
        }
        return CpmObjectType.MEDIA;
    }

    private CpmObjectType classifyCpim(byte[] body) {
        if (body.length == 0) {
            return CpmObjectType.CPIM_OTHER;
        }
        CpimMessage cpim;
        try {
            cpim = CpimMessage.parse(body, limits);
        } catch (CpmFormatException e) {
            return CpmObjectType.CPIM_OTHER;
        }
        String inner = cpim.payloadContentType().mimeType();
        if (inner.equals("text/plain")) {
            return CpmObjectType.CHAT_MESSAGE;
        }
        if (inner.equals("message/imdn+xml")) {
            return CpmObjectType.DISPOSITION_NOTIFICATION;
        }
        if (inner.equals("application/vnd.gsma.rcs-ft-http+xml")) {
            return CpmObjectType.FILE_TRANSFER_HTTP;
        }
        return CpmObjectType.CPIM_OTHER;
    }
}
