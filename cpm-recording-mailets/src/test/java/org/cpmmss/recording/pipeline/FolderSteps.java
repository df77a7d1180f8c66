package org.cpmmss.recording.pipeline;

import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.cpmmss.recording.policy.CpmPolicy;
import org.cpmmss.recording.port.CpmStateStore;
import org.cpmmss.recording.verdict.VerdictRegistry;

/** Runs {@link ResolveConversationFolders} on a validated mail, as the steps after it expect. */
final class FolderSteps {
    private FolderSteps() {
    }

    static ResolveConversationFolders resolver(CpmPolicy policy, CpmStateStore state, VerdictRegistry outcomes)
            throws MessagingException {
        ResolveConversationFolders step = new ResolveConversationFolders(new ConversationFolders(policy, state), outcomes);
        step.init(FakeMailetConfig.builder().mailetName("ResolveConversationFolders").build());
        return step;
    }

    static void resolve(Mail mail, CpmPolicy policy, CpmStateStore state, VerdictRegistry outcomes)
            throws MessagingException {
        resolver(policy, state, outcomes).service(mail);
    }
}
