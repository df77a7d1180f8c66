package org.cpmmss.cpm.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.cpmmss.cpm.CpmFormatException;
import org.cpmmss.cpm.Fixtures;
import org.cpmmss.cpm.cpim.CpimMessage;
import org.cpmmss.cpm.groupstate.GroupState;
import org.cpmmss.cpm.imdn.ImdnCpim;
import org.cpmmss.cpm.imdn.ImdnNotification;
import org.cpmmss.cpm.imdn.ImdnStatus;
import org.cpmmss.cpm.imdn.NotificationKind;
import org.cpmmss.cpm.object.CpmObjectHeaders;
import org.cpmmss.cpm.object.Direction;
import org.cpmmss.cpm.object.StoredObject;
import org.junit.jupiter.api.Test;

class SessionObjectsTest {
    private static final OffsetDateTime T = OffsetDateTime.of(2016, 2, 11, 14, 0, 49, 0, ZoneOffset.ofHours(1));
    private final SessionObjects sessions = new SessionObjects();

    private static CpmObjectHeaders headers() {
        return CpmObjectHeaders.builder().date(T).from("tel:+33643209850").to("sip:Conference-Factory@volteofr.com")
                .subject("Weekend plans").conversationId("conv-1").contributionId("contrib-1")
                .inReplyToContributionId("contrib-0").imdnMessageId("sess-1").direction(Direction.SENT).build();
    }

    @Test
    void readsRcsSessionInfoFixture() throws Exception {
        StoredObject o = StoredObject.parse(Fixtures.bytes("session-info.eml"));
        SessionInfo info = sessions.readSessionInfo(o);
        assertThat(info.sessionType()).isEqualTo("Group");
        assertThat(info.isGroup()).isTrue();
        assertThat(info.sdp().orElseThrow()).contains("m=message 9 TCP/MSRP *");
        assertThat(info.invitedParticipants()).containsExactly("tel:+33642575779", "tel:+33640332859",
                "sip:+33611111111@ims.example.com;user=phone");
        assertThat(sessions.establishmentTime(o)).contains(T);
        assertThat(sessions.invitingUser(o)).contains("tel:+33643209850");
    }

    @Test
    void sessionInfoBuilderThenParser() throws Exception {
        SessionInfo info = new SessionInfo("Group", Optional.of("v=0\r\nm=message 9 TCP/MSRP *\r\n"),
                List.of("tel:+33642575779", "sip:bob@example.com;transport=tcp"));
        StoredObject o = sessions.sessionInfoObject(headers(), info);
        Fixtures.assertGolden("built-session-info.eml", o.bytes());
        assertThat(sessions.readSessionInfo(StoredObject.parse(o.bytes()))).isEqualTo(info);
        assertThatThrownBy(() -> sessions.sessionInfoObject(CpmObjectHeaders.builder().build(), info))
                .isInstanceOf(CpmFormatException.class);
    }

    @Test
    void readsOmaSessionHistoryFixture() throws Exception {
        StoredObject o = StoredObject.parse(Fixtures.bytes("session-history.eml"));
        SessionHistory h = sessions.readSessionHistory(o);
        assertThat(h.info().sessionType()).isEqualTo("Group");
        assertThat(h.parts()).extracting(SessionPart::kind).containsExactly(SessionPart.Kind.CHAT_MESSAGE,
                SessionPart.Kind.DISPOSITION_NOTIFICATION, SessionPart.Kind.MEDIA, SessionPart.Kind.GROUP_STATE);
        assertThat(h.chatMessages()).singleElement()
                .satisfies(m -> assertThat(m.imdnMessageId()).contains("MsgGr0upX1"));
        assertThat(h.notifications()).singleElement()
                .satisfies(n -> assertThat(n.status()).isEqualTo(ImdnStatus.DELIVERED));
        assertThat(h.groupStates()).singleElement()
                .satisfies(g -> assertThat(g.participants()).hasSize(2));
        assertThat(h.media()).singleElement().satisfies(m -> assertThat(m.contentId()).contains("media-1@example.com"));
        assertThat(o.headers().inReplyToContributionId()).contains("11111111-2222-3333-4444-555555555555");
    }

    @Test
    void sessionHistoryBuilderThenParser() throws Exception {
        CpimMessage chat = CpimMessage.builder().from("tel:+33643209850").to("sip:anonymous@anonymous.invalid")
                .imdnNamespace().imdnMessageId("m1").dateTime(T).payload("text/plain; charset=utf-8", "Saturday?")
                .build();
        ImdnNotification n = ImdnNotification.of("m1", T, NotificationKind.DISPLAY, ImdnStatus.DISPLAYED);
        CpimMessage notif = ImdnCpim.wrap("tel:+33642575779", "tel:+33643209850", "n1", T.plusMinutes(1), n);
        GroupState g = new GroupState(T, "sip:focus@conf.example.com", "Closed", Optional.of("contrib-1"),
                List.of(new GroupState.Participant("Alice", "tel:+33642575779")));
        SessionHistory history = new SessionHistory(
                new SessionInfo("Group", Optional.empty(), List.of("tel:+33642575779")),
                List.of(SessionPart.chatMessage(chat), SessionPart.notification(notif),
                        SessionPart.media("image/png", "pic@example.com", new byte[] {1, 2, 3, 0, (byte) 0xff}),
                        SessionPart.groupState(g)));
        StoredObject o = sessions.sessionHistoryObject(headers(), history, "cpm-boundary-1");
        Fixtures.assertGolden("built-session-history.eml", o.bytes());
        SessionHistory read = sessions.readSessionHistory(o.bytes());
        assertThat(read).isEqualTo(history);
        assertThat(read.chatMessages()).containsExactly(chat);
        assertThat(read.notifications()).containsExactly(n);
        assertThat(read.groupStates()).containsExactly(g);
        assertThat(read.media().get(0).decodedBody()).containsExactly(1, 2, 3, 0, 0xff);
    }

    @Test
    void refusesBrokenSessionHistories() {
        String head = "Contribution-ID: c\r\nContent-Type: multipart/related; boundary=b; type=\"Application/X-CPM-Session\"\r\n\r\n";
        String[] bodies = {
            "--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--\r\n",
            "--b\r\nContent-Type: Application/X-CPM-Session\r\n\r\n<session-type>Group</session-type>\r\n",
            "--b\r\nContent-Type: Application/X-CPM-Session\r\n\r\n<sdp>x</sdp>\r\n--b--\r\n",
            "--b\r\nContent-Type: Application/X-CPM-Session\r\n\r\n<session-type>Group</session-type>\r\n--b\r\n"
                + "Content-Type: message/cpim\r\n\r\nnot cpim\r\n--b--\r\n",
            "no boundary at all",
        };
        for (String b : bodies) {
            assertThatThrownBy(() -> sessions.readSessionHistory((head + b).getBytes(StandardCharsets.UTF_8)))
                    .as(b).isInstanceOf(CpmFormatException.class);
        }
    }

    @Test
    void sessionInfoNeedsAKnownSessionTypeNoNamespaceAndAtMost500Invited() throws Exception {
        for (String type : new String[] {"Group", "1-1", "ad-hoc", "Pre-Defined"}) {
            assertThat(SessionInfo.parse(("<session><session-type>" + type + "</session-type></session>")
                    .getBytes(StandardCharsets.UTF_8)).sessionType()).isEqualTo(type);
        }
        String many = String.join(";", java.util.stream.IntStream.range(0, SessionVocabulary.MAX_INVITED + 1)
                .mapToObj(i -> "tel:+336" + String.format("%08d", i)).toList());
        String[] bad = {
            "<session><session-type>Evil</session-type></session>",
            "<session xmlns='urn:evil'><session-type>Group</session-type></session>",
            "<session><session-type>Group</session-type><invited-participants>" + many + "</invited-participants></session>",
        };
        for (String b : bad) {
            assertThatThrownBy(() -> SessionInfo.parse(b.getBytes(StandardCharsets.UTF_8)))
                    .as(b.length() > 100 ? b.substring(0, 100) : b).isInstanceOf(CpmFormatException.class);
        }
    }
}
