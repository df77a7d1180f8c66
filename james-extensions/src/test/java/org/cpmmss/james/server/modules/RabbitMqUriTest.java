package org.cpmmss.james.server.modules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Properties;

import org.apache.james.backends.rabbitmq.RabbitMQConfiguration;
import org.cpmmss.james.server.CpmMssServer;
import org.cpmmss.james.store.wiring.StorageSelection;
import org.junit.jupiter.api.Test;

/**
 * {@code events.rabbitmq.uri} read into James's RabbitMQ configuration: the URI's user and password become the
 * credentials James's connection factory logs in with, its path the virtual host; a URI without scheme, host,
 * credentials or virtual host is refused with a message naming the key.
 */
class RabbitMqUriTest {
    @Test
    void userPasswordHostPortAndVirtualHostComeFromTheUri() {
        RabbitMQConfiguration configuration = RabbitMqUri.configuration("amqp://cpm:p%40ss@10.1.2.3:5673/cpmmss");
        assertThat(configuration.getManagementCredentials().getUser()).isEqualTo("cpm");
        assertThat(String.valueOf(configuration.getManagementCredentials().getPassword())).isEqualTo("p@ss");
        assertThat(configuration.getVhost()).contains("cpmmss");
        assertThat(configuration.rabbitMQHosts()).singleElement()
            .satisfies(host -> {
                assertThat(host.getHostName()).isEqualTo("10.1.2.3");
                assertThat(host.getPort()).isEqualTo(5673);
            });
        assertThat(configuration.useSsl()).isFalse();
    }

    @Test
    void theDefaultVirtualHostIsWrittenEncodedAndAmqpsMeansTls() {
        RabbitMQConfiguration configuration = RabbitMqUri.configuration("amqps://cpm:pw@broker.example.net/%2F");
        assertThat(configuration.getVhost()).contains("/");
        assertThat(configuration.useSsl()).isTrue();
        assertThat(configuration.rabbitMQHosts()).singleElement()
            .satisfies(host -> assertThat(host.getPort()).isEqualTo(5672));
    }

    @Test
    void incompleteUrisAreRefusedNamingTheKey() {
        assertThatThrownBy(() -> RabbitMqUri.configuration("http://cpm:pw@127.0.0.1:5672/v"))
            .hasMessageContaining("events.rabbitmq.uri").hasMessageContaining("amqp://");
        assertThatThrownBy(() -> RabbitMqUri.configuration("amqp://127.0.0.1:5672/v"))
            .hasMessageContaining("events.rabbitmq.uri").hasMessageContaining("user and a password");
        assertThatThrownBy(() -> RabbitMqUri.configuration("amqp://cpm:pw@127.0.0.1:5672"))
            .hasMessageContaining("events.rabbitmq.uri").hasMessageContaining("virtual host");
        assertThatThrownBy(() -> RabbitMqUri.configuration("amqp://cpm:pw@/v"))
            .hasMessageContaining("events.rabbitmq.uri");
        assertThatThrownBy(() -> RabbitMqUri.configuration("amqp://cpm:pw@127.0.0.1:5672/a b"))
            .hasMessageContaining("events.rabbitmq.uri");
    }

    @Test
    void theAssemblyRefusesABadUriAndTheJpaMailboxWithRabbitmq() {
        Properties badUri = new Properties();
        badUri.setProperty("events.backend", "rabbitmq");
        badUri.setProperty("events.rabbitmq.uri", "amqp://127.0.0.1:5672/v");
        assertThatThrownBy(() -> CpmMssServer.modules(StorageSelection.of(badUri)))
            .hasMessageContaining("events.rabbitmq.uri");

        Properties jpa = new Properties();
        jpa.setProperty("storage.embedded.mailbox", "jpa");
        jpa.setProperty("events.backend", "rabbitmq");
        jpa.setProperty("events.rabbitmq.uri", "amqp://cpm:pw@127.0.0.1:5672/v");
        assertThatThrownBy(() -> CpmMssServer.modules(StorageSelection.of(jpa)))
            .hasMessageContaining("storage.embedded.mailbox=native");

        Properties nativeStore = new Properties();
        nativeStore.putAll(jpa);
        nativeStore.setProperty("storage.embedded.mailbox", "native");
        assertThat(CpmMssServer.modules(StorageSelection.of(nativeStore))).isNotEmpty();
    }
}
