package org.cpmmss.james.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.mail.BodyPart;
import javax.mail.MessagingException;
import javax.mail.internet.ContentDisposition;
import javax.mail.internet.MimeMultipart;
import javax.mail.util.ByteArrayDataSource;

import spark.Request;

/**
 * A {@code multipart/form-data} request of the cpm API (media, file transfers): its named parts, each file bounded by
 * {@code cpm.limits.max-file-size}, and the {@code metadata} part as a JSON object. James's WebAdmin logging filter
 * has already read the body through Spark, so the parts are parsed from Spark's copy with javax.mail's multipart
 * parser. Defects are 400, 413 or 415 {@link ApiProblem}s.
 */
final class MultipartForm {
    /** One part of a multipart/form-data body. */
    record Upload(String name, String fileName, String contentType, byte[] data) {
        /** The file name the sender gave, else the part's name. */
        String fileNameOrName() {
            return fileName == null || fileName.isBlank() ? name : fileName;
        }

        /** The content type given in the metadata, else the part's own. */
        String type(Optional<String> override) {
            return override.orElse(contentType);
        }
    }

    private final List<Upload> parts;
    private final long maxObjectSize;

    private MultipartForm(List<Upload> parts, long maxObjectSize) {
        this.parts = parts;
        this.maxObjectSize = maxObjectSize;
    }

    /** The parts of the request's body, within the limits of {@code settings}. */
    static MultipartForm read(Request request, CpmHttpSettings settings) throws IOException {
        requireMultipart(request);
        long maxRequest = settings.maxFileSize() + settings.maxObjectSize();
        long declared = request.raw().getContentLengthLong();
        if (declared > maxRequest) {
            throw ApiProblem.tooLarge("The request is " + declared + " bytes; at most " + maxRequest
                + " bytes are accepted (cpm.limits.max-file-size + cpm.limits.max-object-size).");
        }
        byte[] body = request.bodyAsBytes();
        if (body == null || body.length > maxRequest) {
            throw ApiProblem.tooLarge("The request is larger than " + maxRequest + " bytes.");
        }
        List<Upload> uploads = new ArrayList<>();
        try {
            MimeMultipart multipart = new MimeMultipart(new ByteArrayDataSource(body, request.contentType()));
            for (int i = 0; i < multipart.getCount(); i++) {
                uploads.add(upload(multipart.getBodyPart(i), settings.maxFileSize()));
            }
        } catch (MessagingException e) {
            throw ApiProblem.badRequest("The multipart body could not be read: " + e.getMessage());
        }
        return new MultipartForm(uploads, settings.maxObjectSize());
    }

    private static void requireMultipart(Request request) {
        String type = request.contentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            throw ApiProblem.unsupportedMediaType("Send this request as Content-Type: multipart/form-data with a "
                + "'metadata' JSON part and the file parts" + (type == null ? "" : ", not " + type) + ".");
        }
    }

    private static Upload upload(BodyPart part, long maxFileSize) throws MessagingException, IOException {
        String[] disposition = part.getHeader("Content-Disposition");
        if (disposition == null || disposition.length == 0) {
            throw ApiProblem.badRequest("Every multipart part needs a Content-Disposition: form-data; name=\"...\".");
        }
        ContentDisposition parsed = new ContentDisposition(disposition[0]);
        String name = parsed.getParameter("name");
        if (name == null || name.isBlank()) {
            throw ApiProblem.badRequest("Every multipart part needs a name (Content-Disposition: form-data; name=\"...\").");
        }
        byte[] data;
        try (InputStream in = part.getInputStream()) {
            data = in.readAllBytes();
        }
        if (data.length > maxFileSize) {
            throw ApiProblem.tooLarge("Part '" + name + "' is " + data.length + " bytes; a file may be at most "
                + maxFileSize + " bytes (cpm.limits.max-file-size).");
        }
        String type = part.getContentType();
        return new Upload(name, parsed.getParameter("filename"),
            type == null || type.isBlank() ? "application/octet-stream" : type, data);
    }

    /** Every part, in the order of the body. */
    List<Upload> parts() {
        return parts;
    }

    /** The first part of that name. */
    Optional<Upload> part(String name) {
        return parts.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** The {@code metadata} part as a JSON object ({@code where} names the request in errors). */
    JsonBody metadata(String where) {
        Upload metadata = part("metadata")
            .orElseThrow(() -> ApiProblem.badRequest(where + ": the multipart body needs a 'metadata' part holding a JSON object."));
        if (metadata.data().length > maxObjectSize) {
            throw ApiProblem.tooLarge(where + ": the metadata part is too large.");
        }
        return JsonBody.parse(metadata.data(), where);
    }
}
