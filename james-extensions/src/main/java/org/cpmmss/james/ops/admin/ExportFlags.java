package org.cpmmss.james.ops.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

import javax.mail.Flags;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The flags of an exported message as the export file writes them: system flags as {@code \Seen}, {@code \Answered}…
 * in a fixed order, then the keywords sorted; {@code \Recent} is not imported (an imported message is not recent).
 */
final class ExportFlags {
    private ExportFlags() {
    }

    static List<String> names(Flags flags) {
        List<String> names = new ArrayList<>();
        for (Flags.Flag flag : flags.getSystemFlags()) {
            if (flag == Flags.Flag.ANSWERED) {
                names.add("\\Answered");
            } else if (flag == Flags.Flag.DELETED) {
                names.add("\\Deleted");
            } else if (flag == Flags.Flag.DRAFT) {
                names.add("\\Draft");
            } else if (flag == Flags.Flag.FLAGGED) {
                names.add("\\Flagged");
            } else if (flag == Flags.Flag.SEEN) {
                names.add("\\Seen");
            }
        }
        names.addAll(new TreeSet<>(List.of(flags.getUserFlags())));
        return names;
    }

    static Flags flags(JsonNode names) {
        Flags flags = new Flags();
        for (JsonNode node : names) {
            String name = node.asText();
            switch (name.toLowerCase(Locale.ROOT)) {
                case "\\answered" -> flags.add(Flags.Flag.ANSWERED);
                case "\\deleted" -> flags.add(Flags.Flag.DELETED);
                case "\\draft" -> flags.add(Flags.Flag.DRAFT);
                case "\\flagged" -> flags.add(Flags.Flag.FLAGGED);
                case "\\seen" -> flags.add(Flags.Flag.SEEN);
                case "\\recent" -> { }
                default -> flags.add(name);
            }
        }
        return flags;
    }
}
