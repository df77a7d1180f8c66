package org.cpmmss.james.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import javax.annotation.PreDestroy;
import javax.jms.Connection;
import javax.jms.DeliveryMode;
import javax.jms.Message;
import javax.jms.MessageConsumer;
import javax.jms.MessageProducer;
import javax.jms.Queue;
import javax.jms.Session;
import javax.jms.TextMessage;

import org.apache.james.onami.lifecycle.PreDestroyModule;
import org.apache.james.onami.lifecycle.Stager;
import org.apache.james.queue.activemq.EmbeddedActiveMQ;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;

/**
 * The run command starts the spool's broker before Guice asks for it: the server gets a working broker on
 * {@code DATA/store/activemq} (a persistent message sent through it is there after a restart); the server's stop
 * (James's {@code @PreDestroy} stage) stops it, so that the next start can take the directory again; a broker the
 * server never took is stopped by the run command's stop.
 */
class EarlyBrokerStartTest {
    @TempDir
    Path work;

    @Test
    void theServerGetsAWorkingBrokerOnTheDataDirectoryAndItsStopStopsIt() throws Exception {
        CpmMssConfiguration configuration = configuration();
        EarlyBrokerStart early = EarlyBrokerStart.start(configuration);
        Injector injector = Guice.createInjector(new PreDestroyModule(), early.module());
        EmbeddedActiveMQ broker = injector.getInstance(EmbeddedActiveMQ.class);
        assertThat(injector.getInstance(EmbeddedActiveMQ.class)).isSameAs(broker);
        send(broker, "kept across the restart");

        injector.getInstance(Key.get(new TypeLiteral<Stager<PreDestroy>>() { })).stage();
        early.stopIfNotHandedOver(); // handed over: the stage above stopped it

        // the directory is free again (KahaDB's lock), and the message was kept there
        EarlyBrokerStart again = EarlyBrokerStart.start(configuration);
        Injector next = Guice.createInjector(new PreDestroyModule(), again.module());
        assertThat(receive(next.getInstance(EmbeddedActiveMQ.class))).isEqualTo("kept across the restart");
        next.getInstance(Key.get(new TypeLiteral<Stager<PreDestroy>>() { })).stage();
        assertThat(work.resolve("data/store/activemq/brokers/KahaDB")).isDirectory();
    }

    @Test
    void aBrokerTheServerNeverTookIsStoppedByTheRunCommandsStop() throws Exception {
        CpmMssConfiguration configuration = configuration();
        EarlyBrokerStart early = EarlyBrokerStart.start(configuration);
        early.module();

        early.stopIfNotHandedOver();

        EarlyBrokerStart again = EarlyBrokerStart.start(configuration);
        Injector next = Guice.createInjector(new PreDestroyModule(), again.module());
        send(next.getInstance(EmbeddedActiveMQ.class), "the directory was free");
        next.getInstance(Key.get(new TypeLiteral<Stager<PreDestroy>>() { })).stage();
    }

    private static void send(EmbeddedActiveMQ broker, String text) throws Exception {
        Connection connection = broker.getConnectionFactory().createConnection();
        try {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue queue = session.createQueue("early-broker-test");
            MessageProducer producer = session.createProducer(queue);
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            producer.send(session.createTextMessage(text));
        } finally {
            connection.close();
        }
    }

    private static String receive(EmbeddedActiveMQ broker) throws Exception {
        Connection connection = broker.getConnectionFactory().createConnection();
        try {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue("early-broker-test"));
            Message message = consumer.receive(30_000);
            return message == null ? null : ((TextMessage) message).getText();
        } finally {
            connection.close();
        }
    }

    private CpmMssConfiguration configuration() throws Exception {
        Path conf = Files.createDirectories(work.resolve("conf"));
        System.setProperty("activemq.idgenerator.localport", String.valueOf(ProcessHandle.current().pid()));
        return CpmMssServer.configuration(conf.toFile(), Files.createDirectories(work.resolve("data")).toFile());
    }
}
