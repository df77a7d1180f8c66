package org.cpmmss.recording.pipeline;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.apache.mailet.AttributeName;
import org.apache.mailet.Mail;
import org.cpmmss.cpm.folder.FolderPath;
import org.cpmmss.recording.CpmMailAttributes;

/** The per-owner folder decisions carried by a mail (attribute {@code org.cpmmss.cpm.folders}). */
public final class OwnerFolders {
    public static final AttributeName FOLDERS = AttributeName.of("org.cpmmss.cpm.folders");

    private OwnerFolders() {
    }

    public static void write(Mail mail, Map<MailAddress, FolderPath> folders) {
        StringBuilder b = new StringBuilder();
        folders.forEach((owner, folder) -> b.append(owner.asString().toLowerCase(Locale.ROOT)).append('\t')
            .append(folder.path()).append('\n'));
        CpmMailAttributes.set(mail, FOLDERS, b.toString());
    }

    public static Map<String, FolderPath> read(Mail mail) {
        Map<String, FolderPath> out = new LinkedHashMap<>();
        for (String line : CpmMailAttributes.get(mail, FOLDERS).orElse("").split("\n")) {
            int tab = line.indexOf('\t');
            if (tab > 0) {
                out.put(line.substring(0, tab), parse(line.substring(tab + 1)));
            }
        }
        return out;
    }

    public static Optional<FolderPath> of(Mail mail, MailAddress owner) {
        return Optional.ofNullable(read(mail).get(owner.asString().toLowerCase(Locale.ROOT)));
    }

    public static FolderPath parse(String path) {
        return new FolderPath(Arrays.asList(path.split(String.valueOf(FolderPath.DELIMITER))));
    }
}
