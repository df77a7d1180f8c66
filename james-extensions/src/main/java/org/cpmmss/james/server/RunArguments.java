package org.cpmmss.james.server;

import java.io.File;

/** The command line of {@code bin/cpm-mss}: {@code --conf DIR} (default {@code conf}) and {@code --data DIR} (default {@code var}). */
public record RunArguments(File confDirectory, File dataDirectory, boolean help, boolean version) {
    public static final String USAGE = "usage: cpm-mss [--conf DIR] [--data DIR] | --version\n"
        + "  --conf DIR  configuration directory (default: conf/)\n"
        + "  --data DIR  data directory: H2 database, Lucene index, mail queue, mail repositories (default: var/)\n"
        + "  --version   print the version and exit";

    public static RunArguments parse(String... args) {
        File conf = new File("conf");
        File data = new File("var");
        boolean help = false;
        boolean version = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--conf" -> conf = new File(value(args, ++i, "--conf"));
                case "--data" -> data = new File(value(args, ++i, "--data"));
                case "-h", "--help" -> help = true;
                case "--version" -> version = true;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        return new RunArguments(conf.getAbsoluteFile(), data.getAbsoluteFile(), help, version);
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length || args[index].isBlank()) {
            throw new IllegalArgumentException(option + " needs a directory");
        }
        return args[index];
    }
}
