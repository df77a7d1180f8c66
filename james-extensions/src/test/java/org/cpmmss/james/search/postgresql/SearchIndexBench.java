package org.cpmmss.james.search.postgresql;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.SearchQuery;
import org.apache.james.mailbox.model.SearchQuery.AddressType;
import org.apache.james.mailbox.model.SearchQuery.Criterion;
import org.apache.james.mailbox.model.SearchQuery.DateResolution;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;
import org.apache.lucene.store.RAMDirectory;
import org.cpmmss.james.plumbing.postgresql.PostgresqlDatabase;
import org.cpmmss.james.plumbing.postgresql.PostgresqlSettings;
import org.cpmmss.james.search.ConversationSearchIndex;
import org.cpmmss.james.search.LuceneConversationSearch;
import org.cpmmss.james.search.text.ListedStoredTexts;
import org.cpmmss.james.search.text.LuceneTextIndex;
import org.cpmmss.james.search.text.TextIndex;
import org.cpmmss.james.testing.PostgresTestServer;
import org.junit.jupiter.api.Test;

/**
 * Bench (bench/search-postgresql/run.sh, docs/benchmarks.md "Search on PostgreSQL"): the conformance corpus at
 * {@code bench.messages} messages in three folders, indexed into Lucene (in memory) and into PostgreSQL (private test
 * server, fsync on), then IMAP criteria of one folder and history searches over all three, each timed alternately
 * on the two indexes; medians of {@code bench.rounds} rounds. Not a test: run by its script only.
 */
class SearchIndexBench {
    private static final MailboxId FOLDER = SearchConformanceCorpus.FOLDERS.get(0);

    @Test
    void measure() throws Exception {
        int messages = Integer.getInteger("bench.messages", 20_000);
        int rounds = Integer.getInteger("bench.rounds", 7);
        List<String> out = new ArrayList<>();
        out.add("search bench: " + messages + " messages in 3 folders, " + rounds + " rounds, load average "
            + Files.readString(Path.of("/proc/loadavg")).trim());
        List<MailboxMessage> corpus = SearchConformanceCorpus.messages(messages);
        LuceneTextIndex lucene = new LuceneTextIndex(new RAMDirectory(), new ListedStoredTexts(corpus));
        String url = PostgresTestServer.shared().newDatabase("search_bench");
        try (PostgresqlDatabase database = new PostgresqlDatabase(new PostgresqlSettings(url, PostgresTestServer.APP_USER,
            PostgresTestServer.APP_PASSWORD, 4))) {
            PostgresqlTextIndex postgresql = new PostgresqlTextIndex(database);
            out.add(String.format("index (add all, mark, commit): lucene %d ms, postgresql %d ms",
                fill(lucene, corpus), fill(postgresql, corpus)));
            if (Boolean.getBoolean("bench.analyze")) {
                try (var connection = database.connection(); var statement = connection.createStatement()) {
                    statement.execute("ANALYZE cpm_search_entry");
                }
                out.add("ANALYZE cpm_search_entry done before the searches");
            }
            String explain = System.getProperty("bench.explain");
            if (explain != null) {
                try (var connection = database.connection(); var statement = connection.createStatement();
                     var rows = statement.executeQuery("EXPLAIN (ANALYZE, BUFFERS) " + explain)) {
                    while (rows.next()) {
                        out.add("  " + rows.getString(1));
                    }
                }
            }
            ConversationSearchIndex luceneHistory = new LuceneConversationSearch(lucene);
            ConversationSearchIndex postgresqlHistory = new PostgresqlConversationSearch(postgresql);
            List<Object[]> criteria = List.of(
                new Object[] {"BODY pizzeria (common)", SearchQuery.bodyContains("pizzeria")},
                new Object[] {"BODY nothing-like-this (absent)", SearchQuery.bodyContains("nothing-like-this")},
                new Object[] {"TEXT ab (2 characters: no prefilter)", SearchQuery.mailContains("ab")},
                new Object[] {"TEXT supercalifragilistic", SearchQuery.mailContains("supercalifragilistic")},
                new Object[] {"FROM alice@", SearchQuery.address(AddressType.From, "alice@")},
                new Object[] {"SUBJECT harbour", SearchQuery.subject("harbour")},
                new Object[] {"SENTON", SearchQuery.sentDateOn(java.util.Date.from(SearchConformanceCorpus.BASE), DateResolution.Day)},
                new Object[] {"LARGER 500", SearchQuery.sizeGreaterThan(500)});
            for (Object[] named : criteria) {
                Criterion criterion = (Criterion) named[1];
                long[][] times = alternate(rounds, () -> lucene.uids(FOLDER, criterion), () -> postgresql.uids(FOLDER, criterion));
                out.add(line("IMAP " + named[0] + " (" + lucene.uids(FOLDER, criterion).orElseThrow().size() + " hits)", times));
            }
            for (List<String> words : List.of(List.of("pizza"), List.of("東京"), List.of("rendez-vous", "lorem"), List.of("zzz"))) {
                long[][] times = alternate(rounds,
                    () -> luceneHistory.newest(SearchConformanceCorpus.FOLDERS, words, Optional.empty(), Optional.empty(), 20),
                    () -> postgresqlHistory.newest(SearchConformanceCorpus.FOLDERS, words, Optional.empty(), Optional.empty(), 20));
                int total = luceneHistory.newest(SearchConformanceCorpus.FOLDERS, words, Optional.empty(), Optional.empty(), 20)
                    .totalMatches();
                out.add(line("HTTP history " + words + " newest 20 (" + total + " matches)", times));
            }
            lucene.close();
        }
        out.add("at " + Instant.now() + ", load average " + Files.readString(Path.of("/proc/loadavg")).trim());
        String results = System.getProperty("bench.results");
        if (results != null) {
            Files.createDirectories(Path.of(results).getParent());
            Files.write(Path.of(results), out);
        }
        out.forEach(System.out::println);
    }

    private interface Work {
        Object run() throws Exception;
    }

    private static long fill(TextIndex index, List<MailboxMessage> corpus) throws Exception {
        long start = System.nanoTime();
        for (MailboxMessage message : corpus) {
            index.add(message);
        }
        for (MailboxId folder : SearchConformanceCorpus.FOLDERS) {
            index.setMark(folder, corpus.size());
        }
        index.commit();
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** Microseconds of each round, [0] Lucene, [1] PostgreSQL, run alternately after one warm-up each. */
    private static long[][] alternate(int rounds, Work lucene, Work postgresql) throws Exception {
        lucene.run();
        postgresql.run();
        long[][] times = new long[2][rounds];
        for (int i = 0; i < rounds; i++) {
            long start = System.nanoTime();
            lucene.run();
            times[0][i] = (System.nanoTime() - start) / 1_000;
            start = System.nanoTime();
            postgresql.run();
            times[1][i] = (System.nanoTime() - start) / 1_000;
        }
        return times;
    }

    private static String line(String name, long[][] times) {
        return String.format("%-60s lucene median %8.2f ms   postgresql median %8.2f ms", name, median(times[0]) / 1000.0,
            median(times[1]) / 1000.0);
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
