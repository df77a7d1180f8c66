package org.cpmmss.james.server;

import java.io.File;
import java.io.FileInputStream;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import javax.inject.Singleton;

import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.commons.configuration2.tree.ImmutableNode;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.server.core.configuration.Configuration;
import org.apache.james.server.core.configuration.ConfigurationProvider;
import org.apache.james.server.core.configuration.FileConfigurationProvider;
import org.apache.james.util.LoggingLevel;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.Provides;
import com.google.inject.util.Modules;

/**
 * Reads the XML configuration files that the start reads (the doors', the mailet container's, the DNS service's...)
 * on a thread of its own as soon as the run command starts, beside {@link EarlyDatabaseOpening}, and hands each to
 * the first components that ask James's {@link ConfigurationProvider} for it; any later request for the same file,
 * a request for a part of a file ({@code "imapserver.something"}) and files not read here go to James's
 * {@link FileConfigurationProvider} as before. Each file is parsed by that provider's own parser
 * ({@link FileConfigurationProvider#getConfig}), from {@code CONF/NAME.xml}, where James's provider finds it
 * ({@code file://conf/}); a file that is missing here is left to James's provider (its log line, its empty
 * configuration or its failure); a file that does not parse fails the component that asks for it, with the
 * parser's exception, as before. Nothing is shared: each configuration object (one per
 * request a start makes) is handed out once.
 *
 * <p>Start time: commons-configuration parses each file and copies its document through an XSLT identity transform;
 * ~15 files, ~65 ms of the start's main thread (docs/benchmarks.md), which the second core can do while Guice
 * assembles the modules.</p>
 */
public final class EarlyConfigurationReading {
    /**
     * The XML files a start reads (conf/), in about the order it asks for them, each with the number of times it asks
     * for it (the doors read theirs twice, the mailet container three times).
     */
    static final Map<String, Integer> FILES = orderedCopies(
        "dnsservice", 1, "domainlist", 1, "usersrepository", 1, "recipientrewritetable", 1, "mailrepositorystore", 1,
        "mailetcontainer", 3, "listeners", 1, "imapserver", 2, "lmtpserver", 2, "smtpserver", 2);

    /** The copies read ahead of each file, each handed out once, in order. */
    private final Map<String, Deque<CompletableFuture<HierarchicalConfiguration<ImmutableNode>>>> read;

    private EarlyConfigurationReading(
        Map<String, Deque<CompletableFuture<HierarchicalConfiguration<ImmutableNode>>>> read) {
        this.read = read;
    }

    private static Map<String, Integer> orderedCopies(Object... nameThenCopies) {
        Map<String, Integer> files = new LinkedHashMap<>();
        for (int i = 0; i < nameThenCopies.length; i += 2) {
            files.put((String) nameThenCopies[i], (Integer) nameThenCopies[i + 1]);
        }
        return Collections.unmodifiableMap(files);
    }

    /** Starts reading the files of {@link #FILES} that exist in the configuration directory. */
    public static EarlyConfigurationReading start(CpmMssConfiguration configuration) {
        File conf = new File(configuration.directories().getConfDirectory());
        Map<String, Deque<CompletableFuture<HierarchicalConfiguration<ImmutableNode>>>> read = new HashMap<>();
        List<Runnable> reads = new ArrayList<>();
        FILES.forEach((name, copies) -> {
            File file = new File(conf, name + ".xml");
            if (!file.isFile()) {
                return; // James's provider says so (or fails) when it is asked for it
            }
            Deque<CompletableFuture<HierarchicalConfiguration<ImmutableNode>>> futures = new ArrayDeque<>();
            for (int i = 0; i < copies; i++) {
                CompletableFuture<HierarchicalConfiguration<ImmutableNode>> future = new CompletableFuture<>();
                futures.add(future);
                reads.add(() -> {
                    try (InputStream in = new FileInputStream(file)) {
                        future.complete(FileConfigurationProvider.getConfig(in));
                    } catch (Throwable e) {
                        future.completeExceptionally(e);
                    }
                });
            }
            read.put(name, futures);
        });
        if (read.isEmpty()) {
            return new EarlyConfigurationReading(Map.of());
        }
        Thread thread = new Thread(() -> reads.forEach(Runnable::run), "cpm-configuration-reading");
        thread.setDaemon(true);
        thread.start();
        return new EarlyConfigurationReading(read);
    }

    /** Binds James's configuration provider to one that hands out the files read here first; empty otherwise. */
    public Module module() {
        if (read.isEmpty()) {
            return Modules.EMPTY_MODULE;
        }
        return new AbstractModule() {
            @Provides
            @Singleton
            ConfigurationProvider configurationProvider(FileSystem fileSystem, Configuration configuration) {
                // James's own provider, as CommonServicesModule binds it
                return new ReadAhead(new FileConfigurationProvider(fileSystem, configuration));
            }
        };
    }

    /** James's provider, with the files read ahead handed out once each. */
    final class ReadAhead implements ConfigurationProvider {
        private final ConfigurationProvider files;

        ReadAhead(ConfigurationProvider files) {
            this.files = files;
        }

        @Override
        public HierarchicalConfiguration<ImmutableNode> getConfiguration(String component, LoggingLevel loggingLevel)
            throws ConfigurationException {
            CompletableFuture<HierarchicalConfiguration<ImmutableNode>> ahead;
            synchronized (read) {
                Deque<CompletableFuture<HierarchicalConfiguration<ImmutableNode>>> copies =
                    component == null ? null : read.get(component);
                ahead = copies == null ? null : copies.poll();
            }
            if (ahead == null) {
                return files.getConfiguration(component, loggingLevel);
            }
            try {
                return ahead.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof ConfigurationException cause) {
                    throw cause;
                }
                if (e.getCause() instanceof RuntimeException cause) {
                    throw cause;
                }
                // the file could not be read here (an I/O error): James's provider reads it and reports it
                return files.getConfiguration(component, loggingLevel);
            }
        }
    }
}
