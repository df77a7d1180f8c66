package org.cpmmss.james.http;

import org.cpmmss.james.doors.PipelineSubmission;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;
import javax.mail.MessagingException;





import org.cpmmss.cpm.CpmFormatException;
import org.cpmmss.recording.port.OwnerDirectory;
import org.cpmmss.cpm.address.CpmAddress;
import org.cpmmss.cpm.address.CpmAddressNormalizer;
import org.cpmmss.cpm.object.StoredObject;
import org.cpmmss.recording.outcome.OwnerOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP door's hand-over to the pipeline: resolves the owners of an object, turns it into one
 * {@code Mail} whose recipients are the owners, runs James's mailet container synchronously (the same
 * entry LMTP uses) and reads the per-owner outcomes the pipeline recorded. No mailbox write happens here.
 */
public class IngestService {
    private static final Logger LOGGER = LoggerFactory.getLogger(IngestService.class);

    private final PipelineSubmission pipeline;
    private final OwnerDirectory directory;
    private final CpmAddressNormalizer normalizer;

    @Inject
    public IngestService(PipelineSubmission pipeline, OwnerDirectory directory,
                         CpmAddressNormalizer normalizer) {
        this.normalizer = normalizer;
        this.pipeline = pipeline;
        this.directory = directory;
    }

    /** Normalises a CPM address of a request member; a bad one is a 400 naming the member. */
    public CpmAddress address(String member, String raw) {
        try {
            return normalizer.normalize(raw);
        } catch (CpmFormatException e) {
            throw ApiProblem.badRequest("'" + member + "': " + e.reason());
        }
    }

    private Optional<String> hostedAccount(CpmAddress address) {
        try {
            return directory.account(address);
        } catch (OwnerDirectory.DirectoryUnavailable e) {
            // a temporary failure (database closed, disk full) must not read as "no such user": the PF retries a 503
            throw ApiProblem.unavailable("The user directory is unavailable; try again.");
        }
    }

    private boolean exists(String account) {
        try {
            return directory.isUser(account);
        } catch (OwnerDirectory.DirectoryUnavailable e) {
            // a temporary failure (database closed, disk full) must not read as "no such user": the PF retries a 503
            throw ApiProblem.unavailable("The user directory is unavailable; try again.");
        }
    }

    /**
     * The owner accounts of a request: the {@code owners} it names (accounts or CPM addresses, each must be
     * a user here, else 404), or by default the given candidates (originator and/or recipients) that are
     * users here. No owner at all is a 404: nothing could be stored.
     */
    public List<String> owners(Optional<List<String>> requested, List<CpmAddress> defaults) {
        Set<String> owners = new LinkedHashSet<>();
        if (requested.isPresent()) {
            if (requested.get().isEmpty()) {
                throw ApiProblem.badRequest("'owners' must not be empty; leave it out for the default owners.");
            }
            for (String owner : requested.get()) {
                String account = owner.matches("(?i)(tel|sip|sips):.*")
                    ? hostedAccount(address("owners", owner)).orElse(null)
                    : owner.trim();
                if (account == null || !exists(account)) {
                    throw ApiProblem.notFound("Owner '" + owner + "' is not a user of this server.");
                }
                owners.add(account.toLowerCase(Locale.ROOT));
            }
            return List.copyOf(owners);
        }
        for (CpmAddress candidate : defaults) {
            hostedAccount(candidate).ifPresent(account -> owners.add(account.toLowerCase(Locale.ROOT)));
        }
        if (owners.isEmpty()) {
            throw ApiProblem.notFound("Neither the originator nor any recipient is a user of this server; "
                + "name the owners explicitly in 'owners'.");
        }
        return List.copyOf(owners);
    }

    /** The answer of one ingest: HTTP status (201 stored, 200 repeat) and the JSON body. */
    public record Result(int status, Map<String, Object> body, Map<String, OwnerOutcome> outcomes) {
        public boolean anyStored() {
            return outcomes.values().stream().anyMatch(o -> o.kind() == OwnerOutcome.Kind.STORED
                || o.kind() == OwnerOutcome.Kind.DUPLICATE || o.kind() == OwnerOutcome.Kind.HELD);
        }
    }

    /** Runs the pipeline on one object for the given owners and turns the outcomes into an answer. */
    public Result submit(StoredObject object, List<String> owners, String kind) {
        try {
            return answer(owners, pipeline.submit("http", object, owners));
        } catch (PipelineSubmission.UnbuildableObject e) {
            throw ApiProblem.badRequest("The object could not be submitted: " + e.getMessage());
        } catch (PipelineSubmission.InsufficientStorage e) {
            throw ApiProblem.unavailable(e.getMessage() + "; nothing is acknowledged, retry the same request later.");
        } catch (PipelineSubmission.PipelineFailed e) {
            LOGGER.error("pipeline failed on an HTTP {} submission", kind, e.getCause());
            throw ApiProblem.unavailable("The recording pipeline failed; nothing is acknowledged, retry the same request.");
        }
    }

    static Result answer(List<String> owners, Map<String, OwnerOutcome> outcomes) {
        Map<String, Object> perOwner = new LinkedHashMap<>();
        Map<String, OwnerOutcome> byOwner = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        boolean failed = false;
        boolean allRefused = true;
        boolean allRepeats = true;
        boolean tooLarge = false;
        for (String owner : owners) {
            OwnerOutcome outcome = outcomes.get(owner.toLowerCase(Locale.ROOT));
            if (outcome == null) {
                missing.add(owner);
                continue;
            }
            byOwner.put(owner, outcome);
            perOwner.put(owner, view(outcome));
            failed |= outcome.kind() == OwnerOutcome.Kind.FAILED;
            if (outcome.kind() != OwnerOutcome.Kind.REFUSED) {
                allRefused = false;
            } else {
                tooLarge |= outcome.reason().toLowerCase(Locale.ROOT).contains("too large");
            }
            if (outcome.isSuccess() && outcome.kind() != OwnerOutcome.Kind.DUPLICATE) {
                allRepeats = false;
            }
        }
        if (!missing.isEmpty()) {
            throw ApiProblem.serverError("pipeline recorded no outcome for " + String.join(", ", missing)
                + "; the object may or may not be stored, retry the same request once the pipeline is fixed.")
                .with("owners", perOwner);
        }
        if (failed) {
            throw ApiProblem.unavailable("Storage failed temporarily for at least one owner; retry the same request "
                + "(owners that already have the object answer 'duplicate').").with("owners", perOwner);
        }
        if (allRefused) {
            ApiProblem problem = tooLarge
                ? ApiProblem.tooLarge("The object is too large for this server (cpm.limits.max-object-size).")
                : ApiProblem.badRequest("The object was refused for every owner: "
                    + byOwner.values().iterator().next().reason());
            throw problem.with("owners", perOwner);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        // every owner queued for deferred delivery (options 1 and 2, docs/deferred.md): 202
        boolean allQueued = byOwner.values().stream().allMatch(o -> o.kind() == OwnerOutcome.Kind.HELD
            && o.reason().contains("queued for deferred delivery"));
        body.put("status", allQueued ? "queued" : allRepeats ? "repeat" : "stored");
        body.put("owners", perOwner);
        return new Result(allQueued ? 202 : allRepeats ? 200 : 201, body, byOwner);
    }

    private static Map<String, Object> view(OwnerOutcome outcome) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("outcome", outcome.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        view.put("reason", outcome.reason());
        outcome.folder().ifPresent(folder -> view.put("folder", folder));
        if (outcome.uid() > 0) {
            view.put("uidValidity", outcome.uidValidity());
            view.put("uid", outcome.uid());
        }
        return view;
    }
}
