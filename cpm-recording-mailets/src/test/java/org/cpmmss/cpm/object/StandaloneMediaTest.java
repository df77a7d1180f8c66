package org.cpmmss.cpm.object;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.cpmmss.cpm.CpmFormatException;
import org.cpmmss.cpm.mime.ContentType;
import org.junit.jupiter.api.Test;

class StandaloneMediaTest {
    @Test
    void mediaTypesAndTheListedApplicationTypesAreStandaloneMedia() {
        for (String type : new String[] {"image/jpeg", "audio/amr", "video/mp4", "text/vcard", "application/pdf",
            "application/octet-stream"}) {
            assertThatCode(() -> StandaloneMedia.check(ContentType.parse(type))).as(type).doesNotThrowAnyException();
        }
    }

    @Test
    void multipartsAndUnknownTypesAreRefused() {
        for (String type : new String[] {"application/x-evil", "message/rfc822", "multipart/related",
            "multipart/related; boundary=b", "multipart/mixed; boundary=b; type=\"text/plain\"", "nonsense"}) {
            assertThatThrownBy(() -> StandaloneMedia.check(ContentType.parse(type))).as(type)
                .isInstanceOf(CpmFormatException.class);
        }
    }
}
