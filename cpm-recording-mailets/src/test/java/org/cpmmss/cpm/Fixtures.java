package org.cpmmss.cpm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Test fixtures under src/test/resources. */
public final class Fixtures {
    public static final List<String> STORED_OBJECTS = List.of("chat-1to1.eml", "chat-group.eml", "imdn-delivered.eml",
            "imdn-displayed.eml", "ft-http.eml", "sms.eml", "mms.eml", "standalone-pager.eml", "group-state.eml",
            "session-info.eml", "session-history.eml", "ft-history.eml");

    private Fixtures() {
    }

    public static byte[] bytes(String name) {
        String path = name.contains("/") ? name : "fixtures/" + name;
        try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    /**
     * Compares with a golden file under src/test/resources/golden; with -Dcpm.golden.update=true the file is
     * (re)written instead.
     */
    public static void assertGolden(String name, byte[] actual) {
        Path source = Path.of("src/test/resources/golden", name);
        if (Boolean.getBoolean("cpm.golden.update")) {
            try {
                Files.createDirectories(source.getParent());
                Files.write(source, actual);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return;
        }
        byte[] expected = bytes("golden/" + name);
        org.assertj.core.api.Assertions.assertThat(new String(actual, StandardCharsets.UTF_8))
                .isEqualTo(new String(expected, StandardCharsets.UTF_8));
        org.assertj.core.api.Assertions.assertThat(actual).isEqualTo(expected);
    }
}
