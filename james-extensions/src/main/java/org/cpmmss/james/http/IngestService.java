package org.cpmmss.james.http;

import org.cpmmss.james.pipeline.PipelineSubmission;

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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP door's hand-over to the pipeline: resolves the owners of an object, turns it into one
 * {@code Mail} whose recipients are the owners, hands it to the pipeline synchronously (the one hand-over every
 * door uses) and answers from the per-owner verdicts ({@link HttpVerdictAnswers}). No mailbox write happens here.
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

    /** The answer of one ingest: HTTP status (201 stored, 200 repeat, 202 queued) and the JSON body. */
    public record Result(int status, Map<String, Object> body) {
    }

    /** Runs the pipeline on one object for the given owners and turns the outcomes into an answer. */
    public Result submit(StoredObject object, List<String> owners, String kind) {
        try {
            return HttpVerdictAnswers.ingest(owners, pipeline.submit("http", object, owners));
        } catch (PipelineSubmission.UnbuildableObject e) {
            throw ApiProblem.badRequest("The object could not be submitted: " + e.getMessage());
        } catch (PipelineSubmission.InsufficientStorage e) {
            throw ApiProblem.unavailable(e.getMessage() + "; nothing is acknowledged, retry the same request later.");
        } catch (PipelineSubmission.PipelineFailed e) {
            LOGGER.error("pipeline failed on an HTTP {} submission", kind, e.getCause());
            throw ApiProblem.unavailable("The recording pipeline failed; nothing is acknowledged, retry the same request.");
        }
    }
}
