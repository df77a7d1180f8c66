package org.cpmmss.james.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.inject.Inject;

import org.cpmmss.cpm.CpmDates;
import org.cpmmss.cpm.address.CpmAddress;
import org.cpmmss.cpm.object.CpmHeaders;
import org.cpmmss.cpm.object.StoredObject;

import spark.Request;
import spark.Service;

/**
 * Ingest of objects outside a session, PF only ({@link CpmApiAccess#requirePf}): {@code POST
 * /cpm/v1/standalone-messages} (JSON), {@code POST /cpm/v1/deferred-messages} (JSON, handed over as a deferred message
 * for the recipients) and {@code POST /cpm/v1/file-transfers} (multipart: {@code metadata} and the file parts). The
 * object is built by {@link IngestObjects} and handed over by {@link IngestService}, whose answer is the reply.
 */
public class ObjectIngestRoutes implements CpmApiRouteGroup {
    private static final String BASE = CpmApiRoutes.BASE;

    private final CpmApiAccess access;
    private final IngestService ingest;
    private final IngestArguments arguments;
    private final CpmHttpSettings settings;

    @Inject
    public ObjectIngestRoutes(CpmApiAccess access, IngestService ingest, IngestArguments arguments, CpmHttpSettings settings) {
        this.access = access;
        this.ingest = ingest;
        this.arguments = arguments;
        this.settings = settings;
    }

    @Override
    public void define(Service service, RouteFactory routes) {
        service.post(BASE + "/standalone-messages", routes.route((req, res) -> standalone(req, false)));
        service.post(BASE + "/deferred-messages", routes.route((req, res) -> standalone(req, true)));
        service.post(BASE + "/file-transfers", routes.route((req, res) -> fileTransfer(req)));
    }

    private CpmApiRoutes.Reply standalone(Request request, boolean deferred) throws Exception {
        access.requirePf(request);
        JsonBody json = ApiRequests.jsonBody(request, deferred ? "deferred message" : "standalone message", settings.maxObjectSize());
        CpmAddress from = arguments.address("from", json.text("from"));
        List<CpmAddress> to = arguments.addresses("to", json.texts("to"));
        arguments.checkIds(json.optText("conversationId").orElse(null), json.optText("contributionId").orElse(null));
        Map<String, String> extra = new LinkedHashMap<>();
        if (deferred) {
            extra.put(CpmHeaders.CPM_DELIVERY, CpmHeaders.DELIVERY_DEFERRED_HANDOVER);
            json.optDateTime("expires").ifPresent(expires -> extra.put(CpmHeaders.EXPIRES, CpmDates.formatMailDate(expires)));
        }
        List<CpmAddress> defaults = new ArrayList<>();
        if (!deferred) {
            defaults.add(from);
        }
        defaults.addAll(to);
        StoredObject object = IngestObjects.standalone(json, from.uri(), to.stream().map(CpmAddress::uri).toList(), extra);
        List<String> owners = ingest.owners(json.optTexts("owners"), defaults);
        IngestService.Result result = ingest.submit(object, owners, deferred ? "deferred" : "standalone");
        return CpmApiRoutes.Reply.json(result.status(), result.body());
    }

    private CpmApiRoutes.Reply fileTransfer(Request request) throws Exception {
        access.requirePf(request);
        MultipartForm form = MultipartForm.read(request, settings);
        JsonBody json = form.metadata("file transfer");
        CpmAddress from = arguments.address("from", json.text("from"));
        List<CpmAddress> to = arguments.addresses("to", json.texts("to"));
        arguments.checkIds(json.optText("conversationId").orElse(null), json.text("contributionId"));
        List<IngestObjects.UploadedFile> files = files(form, json);
        if (files.isEmpty()) {
            throw ApiProblem.badRequest("file transfer: send at least one part named 'file' (or describe the parts in 'files').");
        }
        List<String> participants = json.optTexts("participants").map(list -> arguments.uris("participants", list))
            .orElse(to.stream().map(CpmAddress::uri).toList());
        List<CpmAddress> defaults = new ArrayList<>();
        defaults.add(from);
        defaults.addAll(to);
        StoredObject object = IngestObjects.fileTransfer(json, from.uri(), to.stream().map(CpmAddress::uri).toList(),
            participants, files);
        List<String> owners = ingest.owners(json.optTexts("owners"), defaults);
        IngestService.Result result = ingest.submit(object, owners, "file-transfer");
        return CpmApiRoutes.Reply.json(result.status(), result.body());
    }

    /**
     * The files of a transfer: as described in the metadata's {@code files} (part, file name, type, disposition,
     * thumbnail part), else every part named {@code file}, the first with the {@code thumbnail} part.
     */
    private static List<IngestObjects.UploadedFile> files(MultipartForm form, JsonBody json) {
        List<IngestObjects.UploadedFile> files = new ArrayList<>();
        List<JsonBody> described = json.objects("files");
        if (described.isEmpty()) {
            Optional<MultipartForm.Upload> thumbnail = form.part("thumbnail");
            for (MultipartForm.Upload part : form.parts()) {
                if (part.name().equals("file")) {
                    Optional<IngestObjects.UploadedFile> thumb = files.isEmpty() && thumbnail.isPresent()
                        ? Optional.of(new IngestObjects.UploadedFile("thumbnail", thumbnail.get().type(Optional.empty()),
                            thumbnail.get().data(), Optional.empty(), Optional.empty()))
                        : Optional.empty();
                    files.add(new IngestObjects.UploadedFile(part.fileNameOrName(), part.type(Optional.empty()), part.data(),
                        Optional.empty(), thumb));
                }
            }
            return files;
        }
        for (JsonBody description : described) {
            String name = description.text("part");
            MultipartForm.Upload part = form.part(name)
                .orElseThrow(() -> ApiProblem.badRequest("file transfer: no multipart part named '" + name + "'."));
            Optional<IngestObjects.UploadedFile> thumb = description.optText("thumbnailPart").map(thumbName -> {
                MultipartForm.Upload thumbPart = form.part(thumbName).orElseThrow(() ->
                    ApiProblem.badRequest("file transfer: no multipart part named '" + thumbName + "'."));
                return new IngestObjects.UploadedFile("thumbnail", thumbPart.type(Optional.empty()), thumbPart.data(),
                    Optional.empty(), Optional.empty());
            });
            files.add(new IngestObjects.UploadedFile(description.optText("fileName").orElse(part.fileNameOrName()),
                part.type(description.optText("contentType")), part.data(), description.optText("disposition"), thumb));
        }
        return files;
    }
}
