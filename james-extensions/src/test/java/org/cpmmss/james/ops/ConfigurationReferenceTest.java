package org.cpmmss.james.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.cpmmss.james.testing.CpmMssTestServer;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md is the configuration reference: it must name every file of conf/ and every key
 * set in conf/*.properties, and every cpm.* / imap.profile.* key it documents must exist in conf/.
 */
class ConfigurationReferenceTest {
    private static final Pattern CODE = Pattern.compile("`([^`\\n]+)`");
    private static final Pattern FILE_NAME = Pattern.compile("[a-z][a-z0-9-]*\\.(xml|properties)");

    static Path conf() {
        return CpmMssTestServer.shippedConfDirectory();
    }

    static String reference() throws IOException {
        return Files.readString(conf().getParent().resolve("docs").resolve("configuration.md"), StandardCharsets.UTF_8);
    }

    static Set<String> codeSpans(String markdown) {
        Set<String> spans = new TreeSet<>();
        Matcher m = CODE.matcher(markdown);
        while (m.find()) {
            spans.add(m.group(1).trim());
        }
        return spans;
    }

    /** Keys set (not commented out) in one .properties file. */
    static List<String> keys(Path file) throws IOException {
        List<String> keys = new ArrayList<>();
        String continued = null;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (continued != null) {
                continued = line.endsWith("\\") ? continued : null;
                continue;
            }
            String trimmed = line.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("!")) {
                continue;
            }
            int end = 0;
            while (end < trimmed.length() && "=: \t".indexOf(trimmed.charAt(end)) < 0) {
                end++;
            }
            keys.add(trimmed.substring(0, end));
            if (line.endsWith("\\")) {
                continued = line;
            }
        }
        return keys;
    }

    static boolean documented(String key, Set<String> spans) {
        if (spans.contains(key)) {
            return true;
        }
        for (int dot = key.lastIndexOf('.'); dot > 0; dot = key.lastIndexOf('.', dot - 1)) {
            if (spans.contains(key.substring(0, dot) + ".*")) {
                return true;
            }
        }
        return false;
    }

    @Test
    void everyConfigurationFileIsInTheReference() throws IOException {
        Set<String> spans = codeSpans(reference());
        List<String> missing = new ArrayList<>();
        try (Stream<Path> files = Files.list(conf())) {
            files.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
                .filter(name -> !spans.contains(name))
                .forEach(missing::add);
        }
        assertThat(missing).as("conf/ files not named in docs/configuration.md").isEmpty();
    }

    @Test
    void everyKeySetInPropertiesFilesIsInTheReference() throws IOException {
        Set<String> spans = codeSpans(reference());
        List<String> missing = new ArrayList<>();
        try (Stream<Path> files = Files.list(conf())) {
            for (Path file : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".properties"))::iterator) {
                for (String key : keys(file)) {
                    if (!documented(key, spans)) {
                        missing.add(file.getFileName() + ": " + key);
                    }
                }
            }
        }
        assertThat(missing).as("keys of conf/*.properties not documented in docs/configuration.md").isEmpty();
    }

    @Test
    void everyDocumentedCpmAndProfileKeyExistsInConf() throws IOException {
        Set<String> spans = codeSpans(reference());
        Set<String> cpm = new TreeSet<>(keys(conf().resolve("cpm.properties")));
        Set<String> profile = new TreeSet<>(keys(conf().resolve("imap-profile.properties")));
        List<String> stale = new ArrayList<>();
        for (String span : spans) {
            if (FILE_NAME.matcher(span).matches()) {
                continue;
            }
            if (span.matches("cpm\\.[a-z0-9.-]+") && !cpm.contains(span)) {
                stale.add(span);
            }
            if (span.matches("imap\\.profile\\.[a-z0-9.-]+") && !profile.contains(span)) {
                stale.add(span);
            }
        }
        assertThat(stale).as("keys documented in docs/configuration.md but absent from conf/").isEmpty();
    }

    @Test
    void everyConfigurationFileTheReferenceNamesExistsOrIsMarkedOptional() throws IOException {
        List<String> stale = new ArrayList<>();
        for (String line : reference().split("\n")) {
            Matcher m = CODE.matcher(line);
            while (m.find()) {
                String span = m.group(1).trim();
                if (FILE_NAME.matcher(span).matches() && !Files.exists(conf().resolve(span)) && !line.contains("(optional)")) {
                    stale.add(span);
                }
            }
        }
        assertThat(stale).as("files named in docs/configuration.md but absent from conf/ (mark them (optional))").isEmpty();
    }

    @Test
    void readmeLinksEveryGuide() throws IOException {
        Path root = conf().getParent();
        String readme = Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8);
        List<String> unlinked = new ArrayList<>();
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.map(p -> "docs/" + p.getFileName()).filter(name -> name.endsWith(".md"))
                .filter(name -> !readme.contains("](" + name + ")"))
                .forEach(unlinked::add);
        }
        assertThat(unlinked).as("docs/*.md not linked from README.md").isEmpty();
    }
}
