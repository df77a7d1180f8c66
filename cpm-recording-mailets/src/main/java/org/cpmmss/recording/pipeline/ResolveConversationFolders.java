package org.cpmmss.recording.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.cpmmss.cpm.CpmFormatException;
import org.cpmmss.cpm.folder.FolderPath;
import org.cpmmss.recording.CpmInspection;
import org.cpmmss.recording.CpmMailAttributes;
import org.cpmmss.recording.verdict.OwnerVerdict;
import org.cpmmss.recording.verdict.RefusalCode;
import org.cpmmss.recording.verdict.VerdictRegistry;

/**
 * Decides every remaining owner's folder ({@link ConversationFolders}) before anything is stored, so that
 * an object that cannot be filed for one owner is refused for all (nothing is ever half-stored).
 * Refusals go the same way as {@code ValidateCpmObject}'s ({@code refusedProcessor}, default
 * {@code cpm-refused}).
 *
 * <p>Pipeline step 6 of 9 (conf/mailetcontainer.xml, mailet of the {@code cpm} processor):
 * after {@link RecordingGate}, before {@link DispositionNotifications}.</p>
 */
public class ResolveConversationFolders extends GenericMailet {
    private final ConversationFolders folders;
    private final VerdictRegistry outcomes;
    private String refusedProcessor;

    @Inject
    public ResolveConversationFolders(ConversationFolders folders, VerdictRegistry outcomes) {
        this.folders = folders;
        this.outcomes = outcomes;
    }

    @Override
    public void init() {
        refusedProcessor = getInitParameter("refusedProcessor", "cpm-refused");
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        CpmInspection object = CpmMailAttributes.inspection(mail)
            .orElseThrow(() -> new MessagingException("ResolveConversationFolders needs ValidateCpmObject first"));
        Map<MailAddress, FolderPath> decided = new LinkedHashMap<>();
        try {
            for (MailAddress owner : mail.getRecipients()) {
                decided.put(owner, folders.folder(owner, object));
            }
        } catch (CpmFormatException e) {
            ValidateCpmObject.refuse(mail, OwnerVerdict.refusal(RefusalCode.INVALID_OBJECT, e), outcomes, refusedProcessor);
            return;
        }
        OwnerFolders.write(mail, decided);
    }

    @Override
    public String getMailetInfo() {
        return "cpm-mss: decide each owner's conversation folder";
    }
}
