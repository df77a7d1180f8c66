package org.cpmmss.james.server.modules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which H2 URLs of james-database.properties name a database only this process can open. */
class H2SoleWriterTest {
    @Test
    void embeddedFilesAreOnlyThisProcesssServersAndSharedFilesAreNot() {
        // the shipped URL
        assertThat(H2DatabaseModule.soleWriter("jdbc:h2:reopenable:forced:async:/var/lib/cpm/h2/james;WRITE_DELAY=0;"
            + "RETENTION_TIME=1000;MAX_COMPACT_TIME=500;DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE;NON_KEYWORDS=VALUE\\,KEY\\,USER"))
            .isTrue();
        assertThat(H2DatabaseModule.soleWriter("jdbc:h2:/tmp/james")).isTrue();
        assertThat(H2DatabaseModule.soleWriter("jdbc:h2:mem:james")).isTrue();
        assertThat(H2DatabaseModule.soleWriter("jdbc:h2:tcp://db.example.net/james")).isFalse();
        assertThat(H2DatabaseModule.soleWriter("jdbc:h2:ssl://db.example.net/james")).isFalse();
        assertThat(H2DatabaseModule.soleWriter("jdbc:h2:/tmp/james;AUTO_SERVER=TRUE")).isFalse();
        assertThat(H2DatabaseModule.soleWriter("jdbc:h2:/tmp/james;auto_server = true")).isFalse();
        assertThat(H2DatabaseModule.soleWriter("jdbc:h2:/tmp/james;FILE_LOCK=NO")).isFalse();
    }
}
