package org.cpmmss.james.ops.metrics;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A writer of the Prometheus text exposition format, version 0.0.4: one {@code # HELP} and {@code # TYPE}
 * per family, then its samples. Families are written in the order they were first used.
 */
public final class PrometheusText {
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final Map<String, Family> families = new LinkedHashMap<>();

    private static final class Family {
        final String help;
        final String type;
        final StringBuilder samples = new StringBuilder();
        final Set<String> seen = new LinkedHashSet<>();

        Family(String help, String type) {
            this.help = help;
            this.type = type;
        }
    }

    /** Declares a family (idempotent: the first help text and type win). */
    public PrometheusText family(String name, String type, String help) {
        families.computeIfAbsent(checkName(name), n -> new Family(help, type));
        return this;
    }

    /**
     * Adds a sample to the family {@code family} (declared before); {@code sampleName} is the family name
     * or a suffixed name ({@code _count}, {@code _sum}). Labels are name, value pairs. A repeated series is ignored.
     */
    public PrometheusText sample(String family, String sampleName, double value, String... labels) {
        Family f = families.get(family);
        if (f == null) {
            throw new IllegalStateException("undeclared metric family " + family);
        }
        if (labels.length % 2 != 0) {
            throw new IllegalArgumentException("labels come in name, value pairs");
        }
        StringBuilder line = new StringBuilder(checkName(sampleName));
        if (labels.length > 0) {
            line.append('{');
            for (int i = 0; i < labels.length; i += 2) {
                if (i > 0) {
                    line.append(',');
                }
                line.append(checkName(labels[i])).append("=\"").append(escapeLabel(labels[i + 1])).append('"');
            }
            line.append('}');
        }
        String series = line.toString();
        if (f.seen.add(series)) {
            f.samples.append(series).append(' ').append(format(value)).append('\n');
        }
        return this;
    }

    public PrometheusText sample(String family, double value, String... labels) {
        return sample(family, family, value, labels);
    }

    public String render() {
        StringBuilder out = new StringBuilder();
        families.forEach((name, family) -> {
            out.append("# HELP ").append(name).append(' ').append(escapeHelp(family.help)).append('\n');
            out.append("# TYPE ").append(name).append(' ').append(family.type).append('\n');
            out.append(family.samples);
        });
        return out.toString();
    }

    /** A metric name built from any text: characters outside {@code [a-zA-Z0-9_:]} become {@code _}. */
    public static String sanitize(String text) {
        StringBuilder name = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == ':';
            name.append(ok ? c : '_');
        }
        if (name.length() == 0 || Character.isDigit(name.charAt(0))) {
            name.insert(0, '_');
        }
        return name.toString();
    }

    static String format(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return String.format(Locale.ROOT, "%.9g", value).replaceFirst("0+(e|$)", "$1").replaceFirst("\\.(e|$)", "$1");
    }

    private static String checkName(String name) {
        if (!name.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) {
            throw new IllegalArgumentException("not a Prometheus name: " + name);
        }
        return name;
    }

    private static String escapeLabel(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String escapeHelp(String value) {
        return value.replace("\\", "\\\\").replace("\n", "\\n");
    }
}
