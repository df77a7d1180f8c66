package org.cpmmss.james.store.mailbox;

import java.util.ArrayList;
import java.util.Date;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import javax.persistence.EntityManagerFactory;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.jpa.JPAId;
import org.apache.james.mailbox.jpa.mail.JPAAnnotationMapper;
import org.apache.james.mailbox.jpa.mail.JPAMailboxMapper;
import org.apache.james.mailbox.jpa.mail.JPAMessageMapper;
import org.apache.james.mailbox.jpa.mail.JPAModSeqProvider;
import org.apache.james.mailbox.jpa.mail.JPAUidProvider;
import org.apache.james.mailbox.jpa.user.JPASubscriptionMapper;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxAnnotation;
import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.store.mail.MessageMapper.FetchType;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;
import org.apache.james.mailbox.store.user.model.Subscription;
import org.cpmmss.james.store.embedded.EmbeddedImport;
import org.cpmmss.james.store.embedded.EmbeddedImport.ImportedMessage;
import org.cpmmss.james.store.embedded.EmbeddedStorage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upgrade of a data directory written by James's JPA mailbox to the native store: reads every mailbox, message,
 * annotation and subscription through James's own JPA mappers and writes them into an empty native store with
 * everything a device has cached kept — the mailbox id (so the search index and the cpm state that name mailboxes
 * by id stay valid), UIDVALIDITY, last UID and highest MODSEQ (so neither goes back, expunged gaps included), and
 * per message its UID, MODSEQ, flags and keywords, INTERNALDATE and save date; METADATA entries and subscriptions
 * as they were. The bytes are split and summarised as an APPEND on the native store would. The JPA tables are only
 * read.
 */
public final class JpaMailboxMigration {
    private static final Logger LOGGER = LoggerFactory.getLogger(JpaMailboxMigration.class);
    private static final int BATCH = 200;

    /** What was moved. */
    public record Result(int folders, long messages, int annotations, int subscriptions) {
    }

    private final EntityManagerFactory jpa;
    private final EmbeddedStorage target;
    private final MessageIds ids;

    public JpaMailboxMigration(EntityManagerFactory jpa, EmbeddedStorage target, MessageId.Factory messageIds) {
        this.jpa = jpa;
        this.target = target;
        this.ids = new MessageIds(messageIds);
    }

    public Result run() throws MailboxException {
        EmbeddedImport importer = target.importer();
        if (!importer.storeIsEmpty()) {
            throw new IllegalStateException("the native store already holds folders: the migration only fills an empty one");
        }
        JPAUidProvider uids = new JPAUidProvider(jpa);
        JPAModSeqProvider modSeqs = new JPAModSeqProvider(jpa);
        JPAAnnotationMapper jpaAnnotations = new JPAAnnotationMapper(jpa);
        NativeAnnotationMapper nativeAnnotations = new NativeAnnotationMapper(target.annotations());
        List<Mailbox> mailboxes = new JPAMailboxMapper(jpa).list().collectList().block();
        Set<String> owners = new TreeSet<>();
        long highestId = 0;
        long messageCount = 0;
        int annotationCount = 0;
        for (Mailbox mailbox : mailboxes) {
            long id = ((JPAId) mailbox.getMailboxId()).getRawId();
            highestId = Math.max(highestId, id);
            if (mailbox.getUser() != null) {
                owners.add(mailbox.getUser().asString());
            }
            long lastUid = uids.lastUid(mailbox).map(MessageUid::asLong).orElse(0L);
            long highestModSeq = modSeqs.highestModSeq(mailbox).asLong();
            importer.folder(id, NativeMailboxMapper.nameOf(mailbox.generateAssociatedPath()),
                mailbox.getUidValidity().asLong(), lastUid, highestModSeq);
            messageCount += copyMessages(importer, id, mailbox, uids, modSeqs);
            for (MailboxAnnotation annotation : jpaAnnotations.getAllAnnotations(mailbox.getMailboxId())) {
                nativeAnnotations.insertAnnotation(NativeMailboxId.of(id), annotation);
                annotationCount++;
            }
        }
        int subscriptionCount = 0;
        JPASubscriptionMapper jpaSubscriptions = new JPASubscriptionMapper(jpa);
        for (String owner : owners) {
            for (Subscription subscription : jpaSubscriptions.findSubscriptionsForUser(Username.of(owner))) {
                target.subscriptions().subscribe(subscription.getUser().asString(), subscription.getMailbox());
                subscriptionCount++;
            }
        }
        importer.continueFolderIdsAbove(highestId);
        Result result = new Result(mailboxes.size(), messageCount, annotationCount, subscriptionCount);
        LOGGER.info("JPA mailbox moved to the native store: {}", result);
        return result;
    }

    /**
     * Copies a mailbox's messages {@value #BATCH} UIDs at a time, each batch read by a fresh JPA mapper (closed after
     * it: OpenJPA keeps every entity it loaded until then) and written as one forced write.
     */
    private long copyMessages(EmbeddedImport importer, long folderId, Mailbox mailbox, JPAUidProvider uids,
                              JPAModSeqProvider modSeqs) throws MailboxException {
        JPAMessageMapper lister = new JPAMessageMapper(uids, modSeqs, jpa);
        List<MessageUid> all;
        try {
            all = lister.listAllMessageUids(mailbox).collectList().block();
        } finally {
            lister.endRequest();
        }
        long count = 0;
        for (int from = 0; from < all.size(); from += BATCH) {
            List<MessageUid> slice = all.subList(from, Math.min(all.size(), from + BATCH));
            JPAMessageMapper reader = new JPAMessageMapper(uids, modSeqs, jpa);
            List<ImportedMessage> batch = new ArrayList<>(slice.size());
            try {
                Iterator<MailboxMessage> messages = reader.findInMailbox(mailbox,
                    MessageRange.range(slice.get(0), slice.get(slice.size() - 1)), FetchType.FULL, -1);
                while (messages.hasNext()) {
                    MailboxMessage message = messages.next();
                    long saveDate = message.getSaveDate().map(Date::getTime).orElse(message.getInternalDate().getTime());
                    batch.add(new ImportedMessage(message.getUid().asLong(), message.getModSeq().asLong(), saveDate,
                        MessageConversion.toNewMessage(message, message.createFlags(), ids)));
                }
            } finally {
                reader.endRequest();
            }
            importer.messages(folderId, batch);
            count += batch.size();
        }
        return count;
    }
}
