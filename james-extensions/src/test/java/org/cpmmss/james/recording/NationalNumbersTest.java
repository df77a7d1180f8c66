package org.cpmmss.james.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cpmmss.james.recording.CpmSamples.bytes;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import org.cpmmss.james.testing.CpmMssServerExtension;
import org.cpmmss.james.testing.MailDoorClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code cpm.address.country-code=33}: national numbers are globalised by every door ({@code tel:0612345678} is
 * {@code tel:+33612345678}), over LMTP and HTTP, read back over IMAP. (Without the key they are refused:
 * {@code RecordingPipelineTest.aNationalNumberIsRefusedWithoutACountryCode}.)
 */
class NationalNumbersTest {
    static final String DOMAIN = "example.com";
    static final String PF_TOKEN = "national-pf-token-0123456789";
    static final String ALICE = "+33612345678@" + DOMAIN;
    static final String BOB = "+33698765432@" + DOMAIN;

    @RegisterExtension
    static CpmMssServerExtension server = CpmMssServerExtension.builder()
        .cpmProperty("cpm.address.country-code", "33")
        .cpmProperty("cpm.http.tokens", PF_TOKEN + ":pf")
        .defaultDomain(DOMAIN)
        .domain(DOMAIN).user(ALICE, "pw").user(BOB, "pw")
        .build();

    @Test
    void lmtpObjectsWithNationalNumbersAreFiledUnderTheGlobalNumbers() throws Exception {
        byte[] object = bytes("Date: Fri, 25 Mar 2016 10:45:41 +0100\n"
            + "From: tel:0612345678\n"
            + "To: tel:06-98-76-54-32\n"
            + "Conversation-ID: nat-conv-1\n"
            + "Contribution-ID: nat-contrib-1\n"
            + "IMDN-Message-ID: nat-msg-1\n"
            + "MIME-Version: 1.0\n"
            + "Content-Type: message/cpim\n"
            + "\n"
            + "From: <tel:0612345678>\n"
            + "To: <tel:0698765432>\n"
            + "NS: imdn <urn:ietf:params:imdn>\n"
            + "imdn.Message-ID: nat-msg-1\n"
            + "DateTime: 2016-03-25T10:45:40+01:00\n"
            + "\n"
            + "Content-Type: text/plain; charset=utf-8\n"
            + "\n"
            + "Bonjour\n");
        List<String> replies;
        try (MailDoorClient lmtp = MailDoorClient.lmtp(server.lmtpPort())) {
            replies = lmtp.send("pf@pf.test", List.of(ALICE, BOB), object);
        }
        assertThat(replies).hasSize(2);
        assertThat(replies.get(0)).startsWith("250").contains("stored in Default/tel:+33698765432");
        assertThat(replies.get(1)).startsWith("250").contains("stored in Default/tel:+33612345678");
        try (CpmImap alice = new CpmImap(server.imapPort(), ALICE); CpmImap bob = new CpmImap(server.imapPort(), BOB)) {
            assertThat(alice.messages("Default/tel:+33698765432")).filteredOn(m -> m.contains("nat-msg-1"))
                .singleElement().asString().contains("Message-Direction: sent").contains("Bonjour");
            assertThat(bob.messages("Default/tel:+33612345678")).filteredOn(m -> m.contains("nat-msg-1"))
                .singleElement().asString().contains("Message-Direction: received").contains("Bonjour");
        }
    }

    @Test
    void httpIngestWithNationalNumbersNamesTheGlobalAccounts() throws Exception {
        String json = "{\"from\":\"tel:0612345678\",\"to\":[\"tel:0698765432\"],\"conversationId\":\"nat-conv-2\","
            + "\"contributionId\":\"nat-contrib-2\",\"imdnMessageId\":\"nat-msg-2\",\"text\":\"Salut\"}";
        HttpResponse<String> reply = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.httpPort() + "/cpm/v1/standalone-messages"))
            .header("Authorization", "Bearer " + PF_TOKEN).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(201);
        assertThat(reply.body()).contains("\"" + ALICE + "\"").contains("\"" + BOB + "\"")
            .contains("Default/tel:+33698765432").contains("Default/tel:+33612345678");
        try (CpmImap bob = new CpmImap(server.imapPort(), BOB)) {
            assertThat(bob.messages("Default/tel:+33612345678")).filteredOn(m -> m.contains("nat-msg-2"))
                .singleElement().asString().contains("Salut").contains("Message-Direction: received");
        }
    }
}
