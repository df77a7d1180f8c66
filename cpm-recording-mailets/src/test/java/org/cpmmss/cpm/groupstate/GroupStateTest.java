package org.cpmmss.cpm.groupstate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.cpmmss.cpm.CpmFormatException;
import org.cpmmss.cpm.Fixtures;
import org.cpmmss.cpm.object.CpmObjectHeaders;
import org.cpmmss.cpm.object.CpmObjects;
import org.cpmmss.cpm.object.Direction;
import org.cpmmss.cpm.object.StoredObject;
import org.junit.jupiter.api.Test;

class GroupStateTest {

    @Test
    void parsesFixture() throws Exception {
        GroupState g = new CpmObjects().readGroupState(StoredObject.parse(Fixtures.bytes("group-state.eml")));
        assertThat(g.timestamp()).isEqualTo(OffsetDateTime.of(2016, 2, 11, 14, 5, 1, 0, ZoneOffset.ofHours(1)));
        assertThat(g.lastFocusSessionId()).startsWith("sip:da9274453@conf.volteofr.com");
        assertThat(g.groupType()).isEqualTo("Closed");
        assertThat(g.isClosed()).isTrue();
        assertThat(g.contributionId()).isEmpty();
        assertThat(g.participants()).containsExactly(
                new GroupState.Participant("bob", "tel:+16135551212"),
                new GroupState.Participant("", "tel:+15195551212"),
                new GroupState.Participant("", "sip:carol@example.com"));
    }

    @Test
    void builderThenParserAndGoldenObject() throws Exception {
        GroupState g = new GroupState(OffsetDateTime.of(2012, 6, 13, 16, 39, 57, 0, ZoneOffset.ofHours(-5)),
                "sip:da9274453@company.com", "closed", Optional.of("contrib-1"),
                List.of(new GroupState.Participant("bob", "tel:+16135551212"),
                        new GroupState.Participant("alice \"A\" & co", "tel:+15195551212")));
        assertThat(GroupState.parse(g.toXml())).isEqualTo(g);
        CpmObjectHeaders h = CpmObjectHeaders.builder()
                .date(OffsetDateTime.of(2012, 6, 13, 16, 40, 0, 0, ZoneOffset.ofHours(-5)))
                .from("sip:anonymous@anonymous.invalid").to("tel:+16135551212").subject("Team")
                .conversationId("conv-1").contributionId("contrib-1").imdnMessageId("gso-1")
                .direction(Direction.RECEIVED).build();
        StoredObject o = new CpmObjects().groupState(h, g);
        Fixtures.assertGolden("built-group-state.eml", o.bytes());
        assertThat(new CpmObjects().readGroupState(StoredObject.parse(o.bytes()))).isEqualTo(g);
    }

    @Test
    void lenientOnOptionalParts() throws Exception {
        GroupState g = GroupState.parse(("<groupstate timestamp='2012-06-13T16:39:57Z' lastfocussessionid='sip:da92@x'"
                + " group-type='Open' unknown='1'><other/><participant comm-addr='tel:+16135551212'/></groupstate>")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(g.participants()).hasSize(1);
        assertThat(g.isClosed()).isFalse();
    }

    @Test
    void strictOnRequiredParts() {
        String[] bad = {
            "<groupstate lastfocussessionid='a' group-type='Closed'/>",
            "<groupstate timestamp='2012-06-13T16:39:57Z' group-type='Closed'/>",
            "<groupstate timestamp='2012-06-13T16:39:57Z' lastfocussessionid='a'/>",
            "<groupstate timestamp='not a date' lastfocussessionid='a' group-type='Closed'/>",
            "<groupstate timestamp='2012-06-13T16:39:57Z' lastfocussessionid='a' group-type='Closed'><participant name='x'/></groupstate>",
            "<group timestamp='2012-06-13T16:39:57Z' lastfocussessionid='a' group-type='Closed'/>",
            // found by the hostile corpus: no participant, a comm-addr that is not a tel:/sip: address, too many
            "<groupstate timestamp='2012-06-13T16:39:57Z' lastfocussessionid='a' group-type='Closed'/>",
            "<groupstate timestamp='2012-06-13T16:39:57Z' lastfocussessionid='a' group-type='Closed'><participant comm-addr='../../etc/passwd'/></groupstate>",
            "<groupstate timestamp='2012-06-13T16:39:57Z' lastfocussessionid='a' group-type='Closed'><participant comm-addr='http://evil.example/x'/></groupstate>",
            "<groupstate timestamp='2012-06-13T16:39:57Z' lastfocussessionid='a' group-type='Closed'><participant comm-addr='sip:anonymous@anonymous.invalid'/></groupstate>",
            "<groupstate timestamp='2012-06-13T16:39:57Z' lastfocussessionid='a' group-type='Closed'>"
                + "<participant comm-addr='tel:+16135551212'/>".repeat(GroupState.MAX_PARTICIPANTS + 1) + "</groupstate>",
        };
        for (String b : bad) {
            assertThatThrownBy(() -> GroupState.parse(b.getBytes(StandardCharsets.UTF_8)))
                    .as(b).isInstanceOf(CpmFormatException.class);
        }
    }

    @Test
    void refusesUnknownGroupTypesFocusIdsThatAreNoSipUriAndANamespacedRoot() {
        String p = "<participant comm-addr='tel:+16135551212'/>";
        String[] bad = {
            "<groupstate timestamp='2012-06-13T16:39:57Z' lastfocussessionid='sip:f@x' group-type='Anarchy'>" + p + "</groupstate>",
            "<groupstate timestamp='2012-06-13T16:39:57Z' lastfocussessionid='../../x' group-type='Closed'>" + p + "</groupstate>",
            "<groupstate timestamp='2012-06-13T16:39:57Z' lastfocussessionid='http://f.example/x' group-type='Closed'>" + p + "</groupstate>",
            "<groupstate timestamp='2012-06-13T16:39:57Z' lastfocussessionid='sip:a b@x' group-type='Closed'>" + p + "</groupstate>",
            "<g:groupstate xmlns:g='urn:evil' timestamp='2012-06-13T16:39:57Z' lastfocussessionid='sip:f@x' group-type='Closed'>"
                + p + "</g:groupstate>",
        };
        for (String b : bad) {
            assertThatThrownBy(() -> GroupState.parse(b.getBytes(StandardCharsets.UTF_8)))
                    .as(b).isInstanceOf(CpmFormatException.class);
        }
    }

    @Test
    void acceptsBothGroupTypesInAnyCaseAndASipsFocus() throws Exception {
        for (String type : new String[] {"Closed", "open", "OPEN"}) {
            GroupState g = GroupState.parse(("<groupstate timestamp='2012-06-13T16:39:57Z' lastfocussessionid='sips:f@x;gr=1'"
                    + " group-type='" + type + "'><participant comm-addr='tel:+16135551212'/></groupstate>")
                    .getBytes(StandardCharsets.UTF_8));
            assertThat(g.groupType()).isEqualTo(type);
        }
    }
}
