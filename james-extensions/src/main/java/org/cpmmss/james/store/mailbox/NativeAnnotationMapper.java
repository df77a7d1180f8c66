package org.cpmmss.james.store.mailbox;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;

import org.apache.james.mailbox.model.MailboxAnnotation;
import org.apache.james.mailbox.model.MailboxAnnotationKey;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.store.mail.AnnotationMapper;
import org.cpmmss.james.store.api.AnnotationStore;

/** James's {@link AnnotationMapper} (IMAP METADATA) on our {@link AnnotationStore}. */
public final class NativeAnnotationMapper implements AnnotationMapper {
    private final AnnotationStore annotations;

    public NativeAnnotationMapper(AnnotationStore annotations) {
        this.annotations = annotations;
    }

    private static long folder(MailboxId id) {
        return NativeMailboxId.raw(id);
    }

    private static MailboxAnnotation toAnnotation(Map.Entry<String, String> entry) {
        return MailboxAnnotation.newInstance(new MailboxAnnotationKey(entry.getKey()), entry.getValue());
    }

    @Override
    public List<MailboxAnnotation> getAllAnnotations(MailboxId mailboxId) {
        return annotations.all(folder(mailboxId)).entrySet().stream().map(NativeAnnotationMapper::toAnnotation)
            .toList();
    }

    @Override
    public List<MailboxAnnotation> getAnnotationsByKeys(MailboxId mailboxId, Set<MailboxAnnotationKey> keys) {
        return keys.stream()
            .flatMap(key -> annotations.get(folder(mailboxId), key.asString()).stream()
                .map(value -> MailboxAnnotation.newInstance(key, value)))
            .toList();
    }

    @Override
    public List<MailboxAnnotation> getAnnotationsByKeysWithOneDepth(MailboxId mailboxId,
                                                                    Set<MailboxAnnotationKey> keys) {
        return under(mailboxId, keys, MailboxAnnotationKey::isParentOrIsEqual);
    }

    @Override
    public List<MailboxAnnotation> getAnnotationsByKeysWithAllDepth(MailboxId mailboxId,
                                                                    Set<MailboxAnnotationKey> keys) {
        return under(mailboxId, keys, MailboxAnnotationKey::isAncestorOrIsEqual);
    }

    private List<MailboxAnnotation> under(MailboxId mailboxId, Set<MailboxAnnotationKey> keys,
                                          BiPredicate<MailboxAnnotationKey, MailboxAnnotationKey> relation) {
        return keys.stream()
            .flatMap(key -> annotations.withPrefix(folder(mailboxId), key.asString()).entrySet().stream()
                .map(NativeAnnotationMapper::toAnnotation)
                .filter(annotation -> relation.test(key, annotation.getKey())))
            .distinct()
            .toList();
    }

    @Override
    public void deleteAnnotation(MailboxId mailboxId, MailboxAnnotationKey key) {
        annotations.remove(folder(mailboxId), key.asString());
    }

    @Override
    public void insertAnnotation(MailboxId mailboxId, MailboxAnnotation annotation) {
        if (annotation.isNil()) {
            throw new IllegalArgumentException("a nil annotation is a removal, not an insertion");
        }
        annotations.put(folder(mailboxId), annotation.getKey().asString(), annotation.getValue().orElse(""));
    }

    @Override
    public boolean exist(MailboxId mailboxId, MailboxAnnotation annotation) {
        return annotations.get(folder(mailboxId), annotation.getKey().asString()).isPresent();
    }

    @Override
    public int countAnnotations(MailboxId mailboxId) {
        return annotations.all(folder(mailboxId)).size();
    }
}
