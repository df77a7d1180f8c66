package org.cpmmss.james.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;

import org.cpmmss.james.server.modules.LuceneSearchModule;
import org.cpmmss.james.server.modules.PostgresqlSearchModule;
import org.cpmmss.james.store.wiring.StorageSelection;
import org.junit.jupiter.api.Test;

/** Search follows {@code storage.backend}: the embedded Lucene index, or the index shared in PostgreSQL. */
class SearchSelectionTest {

    @Test
    void theEmbeddedBackendSearchesWithLucene() {
        assertThat(CpmMssServer.search(StorageSelection.DEFAULT)).isInstanceOf(LuceneSearchModule.class);
    }

    @Test
    void thePostgresqlBackendSearchesOnTheSharedIndex() {
        Properties properties = new Properties();
        properties.setProperty("storage.backend", "postgresql");
        properties.setProperty("storage.postgresql.url", "jdbc:postgresql://127.0.0.1:5432/cpmmss");
        properties.setProperty("storage.postgresql.user", "cpmmss");
        properties.setProperty("storage.postgresql.password", "secret");
        assertThat(CpmMssServer.search(StorageSelection.of(properties))).isInstanceOf(PostgresqlSearchModule.class);
    }
}
