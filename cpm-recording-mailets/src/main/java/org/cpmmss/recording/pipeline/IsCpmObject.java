package org.cpmmss.recording.pipeline;

import java.util.Collection;
import java.util.List;
import java.util.Locale;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.cpmmss.cpm.object.CpmHeaders;

/**
 * Matches a mail that is a CPM object (every recipient), so it goes through the recording steps rather
 * than to plain INBOX delivery: it carries a CPM id header ({@code Conversation-ID}, {@code Contribution-ID},
 * {@code IMDN-Message-ID}) or {@code Message-Context}, or its Content-Type is one of the CPM object types
 * ({@code message/cpim}, {@code Application/X-CPM-Session}, {@code Application/group-state-object+xml},
 * {@code multipart/related} with a CPM {@code type}).
 *
 * <p>Pipeline step 1 of 9 (conf/mailetcontainer.xml, matcher of the {@code root} processor):
 * before {@link ValidateCpmObject}.</p>
 */
public class IsCpmObject extends GenericMatcher {
    private static final List<String> ID_HEADERS = List.of(CpmHeaders.CONVERSATION_ID, CpmHeaders.CONTRIBUTION_ID,
        CpmHeaders.IMDN_MESSAGE_ID, CpmHeaders.MESSAGE_CONTEXT);

    @Override
    public Collection<MailAddress> match(Mail mail) throws MessagingException {
        return isCpmObject(mail.getMessage()) ? mail.getRecipients() : List.of();
    }

    public static boolean isCpmObject(MimeMessage message) throws MessagingException {
        for (String header : ID_HEADERS) {
            if (message.getHeader(header) != null) {
                return true;
            }
        }
        String contentType = message.getHeader(CpmHeaders.CONTENT_TYPE, null);
        if (contentType == null) {
            return false;
        }
        String ct = contentType.toLowerCase(Locale.ROOT);
        return ct.startsWith("message/cpim") || ct.startsWith("application/x-cpm-")
            || ct.startsWith("application/group-state-object+xml")
            || (ct.startsWith("multipart/related") && ct.contains("application/x-cpm-"));
    }
}
