package org.cpmmss.james.http;

import java.util.ArrayList;
import java.util.List;

import javax.inject.Inject;

import org.cpmmss.cpm.CpmFormatException;
import org.cpmmss.cpm.address.CpmAddress;
import org.cpmmss.cpm.folder.FolderNamer;

/**
 * The checks every ingest route applies to its members before anything runs: addresses normalised by
 * {@link IngestService#address} (a bad one is a 400 naming the member), and ids that can name a folder.
 */
class IngestArguments {
    private final IngestService ingest;
    private final CpmHttpSettings settings;

    @Inject
    IngestArguments(IngestService ingest, CpmHttpSettings settings) {
        this.ingest = ingest;
        this.settings = settings;
    }

    /** Early check that ids can name folders, so that an unsafe id is a 400 before anything runs. */
    void checkIds(String conversationId, String contributionId) {
        try {
            new FolderNamer(settings.folderLayout(), settings.folderRoot())
                .sessionFolder(conversationId == null ? "conversation" : conversationId,
                    contributionId == null ? "contribution" : contributionId);
        } catch (CpmFormatException e) {
            throw ApiProblem.badRequest("An id cannot name a folder: " + e.reason());
        }
    }

    CpmAddress address(String member, String raw) {
        return ingest.address(member, raw);
    }

    List<String> uris(String member, List<String> raw) {
        List<String> result = new ArrayList<>();
        for (String value : raw) {
            result.add(ingest.address(member, value).uri());
        }
        return result;
    }

    List<CpmAddress> addresses(String member, List<String> raw) {
        List<CpmAddress> result = new ArrayList<>();
        for (String value : raw) {
            result.add(ingest.address(member, value));
        }
        return result;
    }
}
