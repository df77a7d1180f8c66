package org.cpmmss.james.store.mailbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.model.ThreadId;
import org.apache.james.mailbox.store.mail.model.DefaultMessageId;
import org.cpmmss.james.mailbox.events.UuidMessageId;
import org.junit.jupiter.api.Test;

class MessageIdsTest {
    @Test
    void aDefaultMessageIdIsStoredAsAnEmptyTextAndRestoredAsAFreshId() {
        MessageIds ids = new MessageIds(new DefaultMessageId.Factory());
        MessageId id = new DefaultMessageId.Factory().generate();
        assertThat(ids.text(id)).isEmpty();
        assertThat(ids.text(ThreadId.fromBaseMessageId(id))).isEmpty();
        assertThat(ids.text((MessageId) null)).isEmpty();
        MessageId restored = ids.messageId("");
        assertThat(restored).isInstanceOf(DefaultMessageId.class);
        assertThat(restored != id).isTrue();
    }

    @Test
    void aSerializableIdIsStoredAsItsTextAndReadBack() {
        UuidMessageId.Factory factory = new UuidMessageId.Factory();
        MessageIds ids = new MessageIds(factory);
        MessageId id = factory.generate();
        assertThat(ids.text(id)).isEqualTo(id.serialize());
        assertThat(ids.text(ThreadId.fromBaseMessageId(id))).isEqualTo(id.serialize());
        assertThat(ids.messageId(ids.text(id))).isEqualTo(id);
    }
}
