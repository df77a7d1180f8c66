package org.cpmmss.recording.pipeline;

import org.cpmmss.recording.port.ConversationStore;

import org.cpmmss.recording.port.CpmStateStore;
import org.cpmmss.recording.port.StorageException;

import java.util.ArrayList;
import java.util.List;

import javax.inject.Inject;
import javax.mail.Flags;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.cpmmss.cpm.CpmFormatException;
import org.cpmmss.cpm.folder.FolderPath;
import org.cpmmss.recording.CpmInspection;
import org.cpmmss.recording.CpmMailAttributes;
import org.cpmmss.recording.MessageDirectionHeader;
import org.cpmmss.recording.verdict.VerdictRegistry;
import org.cpmmss.recording.verdict.OwnerVerdict;
import org.cpmmss.recording.verdict.RefusalCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last step: for each owner, sets {@code Message-Direction} ({@code sent} when the owner is the
 * originator, else {@code received}), marks the owner's own sent copy {@code \Seen}, and files the object
 * into the folder {@link ResolveConversationFolders} decided, once per idempotency key
 * ({@link ConversationStore}): all owners' copies in one {@link ConversationStore#storeAll} (the native store forces
 * them to disk once). Each owner's outcome is recorded; the mail then ends (GHOST).
 *
 * <p>A storage failure for an owner is a FAILED outcome (LMTP 4xx, the PF retries). On spooled SMTP mail
 * the step throws instead, so James's error processor keeps the mail in the error repository; owners
 * already stored are recognised as duplicates when it is reprocessed.</p>
 *
 * <p>Pipeline step 9 of 9 (conf/mailetcontainer.xml, mailet of the {@code cpm} processor):
 * after {@link SessionCollector}; the last step.</p>
 */
public class FileIntoConversation extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(FileIntoConversation.class);

    private final ConversationStore store;
    private final CpmStateStore state;
    private final VerdictRegistry outcomes;

    @Inject
    public FileIntoConversation(ConversationStore store, CpmStateStore state, VerdictRegistry outcomes) {
        this.store = store;
        this.state = state;
        this.outcomes = outcomes;
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        CpmInspection object = CpmMailAttributes.inspection(mail)
            .orElseThrow(() -> new MessagingException("FileIntoConversation needs ValidateCpmObject first"));
        byte[] raw = ValidateCpmObject.objectBytes(mail);
        List<String> failures = new ArrayList<>();
        List<ConversationStore.Filing> filings = new ArrayList<>();
        for (MailAddress owner : mail.getRecipients()) {
            FolderPath folder = OwnerFolders.of(mail, owner)
                .orElseThrow(() -> new MessagingException("no folder decided for " + owner.asString()));
            boolean sent = ConversationFolders.isOriginator(owner, object.originator());
            try {
                if (object.sessionKind() && object.contributionId().isPresent() && object.group().isPresent()) {
                    state.rememberSessionKind(owner.asString(), object.contributionId().get(), object.group().get());
                }
                byte[] shaped = MessageDirectionHeader.apply(raw, sent ? "sent" : "received");
                filings.add(new ConversationStore.Filing(owner.asString(), folder, object.key(), shaped,
                    sent ? new Flags(Flags.Flag.SEEN) : new Flags()));
            } catch (CpmFormatException e) {
                outcomes.record(mail, owner.asString(), OwnerVerdict.refusal(RefusalCode.NOT_FILEABLE, e));
            } catch (Exception e) {
                failed(mail, object, owner.asString(), e, failures);
            }
        }
        // every owner's copy in one go: the store may force them to disk once, before any of them is acknowledged
        List<ConversationStore.Filed> filed;
        try {
            filed = filings.isEmpty() ? List.of() : store.storeAll(filings);
        } catch (RuntimeException e) {
            StorageException failure = new StorageException(String.valueOf(e.getMessage()), e);
            filed = filings.stream().map(f -> ConversationStore.Filed.failed(failure)).toList();
        }
        for (int i = 0; i < filings.size(); i++) {
            String owner = filings.get(i).owner();
            ConversationStore.Filed outcome = filed.get(i);
            if (outcome.succeeded()) {
                outcomes.record(mail, owner, outcome.verdict());
            } else {
                failed(mail, object, owner, outcome.failure(), failures);
            }
        }
        if (!failures.isEmpty() && !outcomes.isOpen(mail)) {
            throw new MessagingException("storing failed for " + String.join("; ", failures));
        }
        mail.setState(Mail.GHOST);
    }

    private void failed(Mail mail, CpmInspection object, String owner, Exception e, List<String> failures) {
        LOGGER.warn("storing {} for {} failed", object.key(), owner, e);
        outcomes.record(mail, owner, OwnerVerdict.TemporaryFailure.STORAGE);
        failures.add(owner + ": " + e.getMessage());
    }

    @Override
    public String getMailetInfo() {
        return "cpm-mss: file a CPM object into each owner's conversation folder";
    }
}
