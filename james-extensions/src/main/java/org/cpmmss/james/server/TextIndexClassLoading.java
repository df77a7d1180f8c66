package org.cpmmss.james.server;

import java.io.IOException;
import java.util.Map;
import java.util.Set;

import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.lucene.store.RAMDirectory;
import org.cpmmss.james.search.text.LuceneTextIndex;
import org.cpmmss.james.search.text.HeaderFields;
import org.cpmmss.james.search.text.StoredTexts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the text index's Lucene classes on a thread of its own as soon as the run command starts, by opening a
 * throw-away index in memory, while Guice assembles the server on the other core. Lucene 3.6's classes (class file
 * version 49) cannot go into the class-data archive and are checked by the JVM's old type-inferring verifier: about
 * 0.2 s of loading at every start (docs/benchmarks.md, nineteenth session) that the opening of the real index would
 * otherwise do on the start's path. Nothing is written; a failure here only costs the start that time.
 */
final class TextIndexClassLoading {
    private static final Logger LOGGER = LoggerFactory.getLogger(TextIndexClassLoading.class);

    /** The throw-away index never checks candidates. */
    private static final StoredTexts NONE = new StoredTexts() {
        @Override
        public Map<MessageUid, String> bodies(MailboxId folder, Set<MessageUid> uids) {
            return Map.of();
        }

        @Override
        public Map<MessageUid, HeaderFields> headers(MailboxId folder, Set<MessageUid> uids) {
            return Map.of();
        }
    };

    private TextIndexClassLoading() {
    }

    /** Starts the loading (a daemon thread: it never holds the process up). */
    static void start() {
        Thread loading = new Thread(TextIndexClassLoading::load, "cpm-text-index-class-loading");
        loading.setDaemon(true);
        loading.start();
    }

    private static void load() {
        try (LuceneTextIndex index = new LuceneTextIndex(new RAMDirectory(), NONE)) {
            index.commit();
        } catch (IOException | RuntimeException | LinkageError e) {
            LOGGER.debug("Loading the text index's classes ahead of the start failed: {}", e.toString());
        }
    }
}
