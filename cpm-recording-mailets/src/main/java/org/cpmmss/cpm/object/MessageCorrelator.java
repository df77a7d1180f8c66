package org.cpmmss.cpm.object;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The SMS {@code Message-Correlator} as the RCS 6.0 client computes it (storage-profile §2.9): the text
 * cut to 160 characters, CR/LF replaced by spaces; non-ASCII text is written
 * {@code =?utf-8?b?<base64>?=}.
 */
public final class MessageCorrelator {
    private MessageCorrelator() {
    }

    public static String of(String smsText) {
        String t = smsText.length() > 160 ? smsText.substring(0, 160) : smsText;
        t = t.replace('\r', ' ').replace('\n', ' ');
        for (int i = 0; i < t.length(); i++) {
            if (t.charAt(i) > 127) {
                return "=?utf-8?b?" + Base64.getEncoder().encodeToString(t.getBytes(StandardCharsets.UTF_8)) + "?=";
            }
        }
        return t;
    }
}
