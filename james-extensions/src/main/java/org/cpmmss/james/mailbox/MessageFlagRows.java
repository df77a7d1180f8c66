package org.cpmmss.james.mailbox;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.mail.Flags;
import javax.persistence.EntityManager;

/**
 * The flags and MODSEQ of a UID range of one mailbox, read from James's JPA tables with two SQL statements (the
 * messages' columns, then their keywords) instead of loading the messages as entities.
 */
final class MessageFlagRows {
    /** One message: its UID, MODSEQ and flags (system flags, {@code \Recent} included, and keywords). */
    record Row(long uid, long modSeq, Flags flags) {
    }

    private static final String COLUMNS = "SELECT MAIL_UID, MAIL_MODSEQ, MAIL_IS_ANSWERED, MAIL_IS_DELETED, "
        + "MAIL_IS_DRAFT, MAIL_IS_FLAGGED, MAIL_IS_SEEN, MAIL_IS_RECENT FROM JAMES_MAIL "
        + "WHERE MAILBOX_ID = ? AND MAIL_UID BETWEEN ? AND ?";
    private static final String KEYWORDS = "SELECT MAIL_UID, USERFLAG_NAME FROM JAMES_MAIL_USERFLAG "
        + "WHERE MAILBOX_ID = ? AND MAIL_UID BETWEEN ? AND ? ORDER BY USERFLAG_ID";
    private static final Flags.Flag[] SYSTEM_FLAGS = {Flags.Flag.ANSWERED, Flags.Flag.DELETED, Flags.Flag.DRAFT,
        Flags.Flag.FLAGGED, Flags.Flag.SEEN, Flags.Flag.RECENT};

    private MessageFlagRows() {
    }

    /** Every message with lowest <= UID <= highest, in UID order. */
    static List<Row> range(EntityManager entityManager, long mailboxId, long lowest, long highest) {
        return read(entityManager, COLUMNS + " ORDER BY MAIL_UID", mailboxId, lowest, highest);
    }

    /** The messages flagged {@code \Recent}, in UID order, their rows locked until the transaction ends. */
    static List<Row> recentForUpdate(EntityManager entityManager, long mailboxId) {
        return read(entityManager, COLUMNS + " AND MAIL_IS_RECENT = TRUE ORDER BY MAIL_UID FOR UPDATE", mailboxId,
            0, Long.MAX_VALUE);
    }

    private static List<Row> read(EntityManager entityManager, String sql, long mailboxId, long lowest, long highest) {
        List<?> columns = entityManager.createNativeQuery(sql)
            .setParameter(1, mailboxId)
            .setParameter(2, lowest)
            .setParameter(3, highest)
            .getResultList();
        if (columns.isEmpty()) {
            return List.of();
        }
        long first = number(((Object[]) columns.get(0))[0]);
        long last = number(((Object[]) columns.get(columns.size() - 1))[0]);
        Map<Long, List<String>> keywords = keywords(entityManager, mailboxId, first, last);
        List<Row> rows = new ArrayList<>(columns.size());
        for (Object row : columns) {
            Object[] values = (Object[]) row;
            long uid = number(values[0]);
            Flags flags = new Flags();
            for (int i = 0; i < SYSTEM_FLAGS.length; i++) {
                if (Boolean.TRUE.equals(values[i + 2])) {
                    flags.add(SYSTEM_FLAGS[i]);
                }
            }
            keywords.getOrDefault(uid, List.of()).forEach(flags::add);
            rows.add(new Row(uid, number(values[1]), flags));
        }
        return rows;
    }

    private static Map<Long, List<String>> keywords(EntityManager entityManager, long mailboxId, long lowest, long highest) {
        Map<Long, List<String>> byUid = new HashMap<>();
        for (Object row : entityManager.createNativeQuery(KEYWORDS)
                .setParameter(1, mailboxId)
                .setParameter(2, lowest)
                .setParameter(3, highest)
                .getResultList()) {
            Object[] values = (Object[]) row;
            byUid.computeIfAbsent(number(values[0]), uid -> new ArrayList<>()).add((String) values[1]);
        }
        return byUid;
    }

    private static long number(Object value) {
        return ((Number) value).longValue();
    }
}
