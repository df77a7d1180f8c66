package org.cpmmss.cpm.object;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Optional;

import javax.mail.internet.MimeMessage;

import org.cpmmss.cpm.CpmFormatException;
import org.cpmmss.cpm.Fixtures;
import org.cpmmss.cpm.cpim.CpimMessage;
import org.cpmmss.cpm.cpim.DispositionRequest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class CpmObjectClassifierTest {
    private final CpmObjectClassifier classifier = new CpmObjectClassifier();

    @ParameterizedTest
    @CsvSource({
        "chat-1to1.eml, CHAT_MESSAGE",
        "chat-group.eml, CHAT_MESSAGE",
        "standalone-pager.eml, CHAT_MESSAGE",
        "imdn-delivered.eml, DISPOSITION_NOTIFICATION",
        "imdn-displayed.eml, DISPOSITION_NOTIFICATION",
        "ft-http.eml, FILE_TRANSFER_HTTP",
        "sms.eml, SMS",
        "mms.eml, MMS",
        "group-state.eml, GROUP_STATE",
        "session-info.eml, SESSION_INFO",
        "session-history.eml, SESSION_HISTORY",
        "ft-history.eml, FILE_TRANSFER_HISTORY",
    })
    void classifiesEveryFixture(String fixture, CpmObjectType expected) throws Exception {
        byte[] raw = Fixtures.bytes(fixture);
        assertThat(classifier.classify(raw)).isEqualTo(expected);
        StoredObject o = StoredObject.parse(raw);
        assertThat(o.bytes()).isEqualTo(raw);
        MimeMessage mm = o.toMimeMessage();
        assertThat(classifier.classify(mm)).isEqualTo(expected);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        mm.writeTo(out);
        assertThat(out.toByteArray()).as("javax.mail keeps the bytes").isEqualTo(raw);
    }

    @Test
    void messageContextComesFirstThenContentType() {
        byte[] none = new byte[0];
        assertThat(classifier.classify(Optional.of("\"Pager-Message\""), Optional.of("text/plain"), none))
                .isEqualTo(CpmObjectType.SMS);
        assertThat(classifier.classify(Optional.of("multimedia-message"), Optional.of("message/cpim"), none))
                .isEqualTo(CpmObjectType.MMS);
        assertThat(classifier.classify(Optional.of("voice-message"), Optional.of("application/x-cpm-session"), none))
                .isEqualTo(CpmObjectType.SESSION_INFO);
        assertThat(classifier.classify(Optional.empty(), Optional.of("message/CPIM"), none))
                .isEqualTo(CpmObjectType.CPIM_OTHER);
        assertThat(classifier.classify(Optional.empty(), Optional.of("image/jpeg"), none))
                .isEqualTo(CpmObjectType.MEDIA);
        assertThat(classifier.classify(Optional.empty(), Optional.empty(), none))
                .isEqualTo(CpmObjectType.CHAT_MESSAGE);
        assertThat(classifier.classify(Optional.empty(), Optional.of("multipart/related; boundary=x"), none))
                .isEqualTo(CpmObjectType.MEDIA);
    }

    @Test
    void headerOnlyCpimCannotBeRefined() throws Exception {
        String headers = Fixtures.text("chat-1to1.eml");
        headers = headers.substring(0, headers.indexOf("\r\n\r\n") + 4);
        assertThat(classifier.classify(headers.getBytes(StandardCharsets.UTF_8))).isEqualTo(CpmObjectType.CPIM_OTHER);
    }

    @Test
    void readsTheHeaderSet() throws Exception {
        StoredObject o = StoredObject.parse(Fixtures.bytes("standalone-pager.eml"));
        CpmObjectHeaders h = o.headers();
        assertThat(h.conversationId()).contains("c0ffee00-1111-2222-3333-444455556666");
        assertThat(h.contributionId()).contains("0badf00d-aaaa-bbbb-cccc-ddddeeeeffff");
        assertThat(h.inReplyToContributionId()).contains("01234567-89ab-cdef-0123-456789abcdef");
        assertThat(h.imdnMessageId()).contains("pager-42");
        assertThat(h.direction()).contains(Direction.RECEIVED);
        assertThat(h.dateValue()).contains(OffsetDateTime.of(2016, 4, 4, 8, 30, 0, 0, ZoneOffset.ofHours(2)));
        StoredObject sms = StoredObject.parse(Fixtures.bytes("sms.eml"));
        assertThat(sms.headers().messageCorrelator()).contains("See you at the station");
        assertThat(sms.headers().messageContext()).contains("\"pager-message\"");
        assertThat(sms.headers().direction()).contains(Direction.SENT);
    }

    @Test
    void buildersWriteTheFullHeaderSetAndRequireWhatClientsNeed() throws Exception {
        OffsetDateTime t = OffsetDateTime.of(2016, 3, 25, 10, 45, 41, 0, ZoneOffset.ofHours(1));
        CpimMessage cpim = CpimMessage.builder().from("sip:anonymous@anonymous.invalid")
                .to("sip:anonymous@anonymous.invalid").imdnNamespace().imdnMessageId("Msg1")
                .dateTime(t.minusSeconds(1))
                .dispositionNotification(EnumSet.of(DispositionRequest.POSITIVE_DELIVERY, DispositionRequest.DISPLAY))
                .payload("text/plain; charset=utf-8", "Hello Bob :)").build();
        CpmObjectHeaders h = CpmObjectHeaders.builder().date(t).from("tel:+33642575779").to("tel:+33640332859")
                .subject("hi").conversationId("conv-1").contributionId("contrib-1").inReplyToContributionId("contrib-0")
                .imdnMessageId("Msg1").direction(Direction.RECEIVED).messageId("<1@mss.example.com>")
                .extra(CpmHeaders.EXPIRES, "Sat, 26 Mar 2016 10:45:41 +0100").build();
        CpmObjects objects = new CpmObjects();
        StoredObject chat = objects.chatMessage(h, cpim);
        Fixtures.assertGolden("built-chat.eml", chat.bytes());
        StoredObject reread = StoredObject.parse(chat.bytes());
        assertThat(reread.headers()).isEqualTo(h);
        assertThat(objects.readCpim(reread)).isEqualTo(cpim);
        assertThat(classifier.classify(reread)).isEqualTo(CpmObjectType.CHAT_MESSAGE);

        StoredObject sms = objects.sms(h.toBuilder().messageCorrelator(MessageCorrelator.of("Hello Bob :)")).build(), cpim);
        assertThat(classifier.classify(sms)).isEqualTo(CpmObjectType.SMS);
        Fixtures.assertGolden("built-sms.eml", sms.bytes());
        assertThat(classifier.classify(objects.mms(h, cpim))).isEqualTo(CpmObjectType.MMS);
        assertThat(classifier.classify(objects.standaloneMessage(h, cpim))).isEqualTo(CpmObjectType.CHAT_MESSAGE);

        assertThatThrownBy(() -> objects.chatMessage(h.toBuilder().contributionId(null).build(), cpim))
                .isInstanceOf(CpmFormatException.class).hasMessageContaining("Contribution-ID");
        assertThatThrownBy(() -> objects.sms(h, cpim)).isInstanceOf(CpmFormatException.class)
                .hasMessageContaining("Message-Correlator");
        assertThatThrownBy(() -> objects.cpimObject(h.toBuilder().direction(null).build(), cpim))
                .isInstanceOf(CpmFormatException.class).hasMessageContaining("Message-Direction");
        assertThatThrownBy(() -> objects.dispositionNotification(h, cpim)).isInstanceOf(CpmFormatException.class);
        assertThatThrownBy(() -> objects.chatMessage(h.toBuilder().subject("a\r\nBcc: x").build(), cpim))
                .isInstanceOf(CpmFormatException.class);
    }

    @Test
    void messageCorrelator() {
        assertThat(MessageCorrelator.of("Hi\r\nthere")).isEqualTo("Hi  there");
        assertThat(MessageCorrelator.of("Çà")).isEqualTo("=?utf-8?b?w4fDoA==?=");
        assertThat(MessageCorrelator.of("x".repeat(200))).hasSize(160);
    }
}
