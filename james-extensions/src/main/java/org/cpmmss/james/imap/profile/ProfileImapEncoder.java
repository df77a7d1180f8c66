package org.cpmmss.james.imap.profile;

import java.io.IOException;

import org.apache.james.imap.api.display.HumanReadableText;
import org.apache.james.imap.api.message.response.StatusResponse;
import org.apache.james.imap.message.response.UnpooledStatusResponseFactory;
import java.util.EnumSet;

import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.encode.ImapEncoder;
import org.apache.james.imap.encode.ImapResponseComposer;
import org.apache.james.imap.message.response.LSubResponse;
import org.apache.james.imap.message.response.ListResponse;
import org.apache.james.imap.message.response.MailboxStatusResponse;
import org.apache.james.imap.message.response.XListResponse;

/**
 * James's encoder plus the profile: request-order FETCH and STATUS lines, mailbox names as atoms in
 * LIST/LSUB/XLIST/STATUS, and the {@code /} delimiter on the one LIST line James builds with a hard-wired
 * {@code .} (a subscribed mailbox that no longer exists).
 */
public final class ProfileImapEncoder implements ImapEncoder {
    private static final HumanReadableText CLOSED_TEXT =
        new HumanReadableText("org.cpmmss.imap.CLOSED", "Previous mailbox closed.");
    private static final UnpooledStatusResponseFactory STATUS_RESPONSES = new UnpooledStatusResponseFactory();

    private final ImapEncoder delegate;
    private final ImapProfileConfiguration configuration;
    private final OrderedFetchEncoder fetchEncoder = new OrderedFetchEncoder();
    private final OrderedStatusEncoder statusEncoder = new OrderedStatusEncoder();

    public ProfileImapEncoder(ImapEncoder delegate, ImapProfileConfiguration configuration) {
        this.delegate = delegate;
        this.configuration = configuration;
    }

    @Override
    public void encode(ImapMessage message, ImapResponseComposer composer) throws IOException {
        if (configuration.systemFlagOrder()) {
            composer = isPermanentFlags(message) ? SystemFlagOrderComposer.forParenLists(composer) : new SystemFlagOrderComposer(composer);
        }
        if (message instanceof LoginCapability.CapabilityOk) {
            LoginCapability.CapabilityOk ok = (LoginCapability.CapabilityOk) message;
            delegate.encode(ok.ok(), new CapabilityCodeComposer(composer, ok.capabilities()));
            return;
        }
        if (message instanceof StatusResponse && HumanReadableText.QRESYNC_CLOSED.equals(((StatusResponse) message).getTextKey())) {
            // RFC 3501 resp-text needs text after the code; James sends a bare "* OK [CLOSED]" that strict clients refuse
            delegate.encode(STATUS_RESPONSES.untaggedOk(CLOSED_TEXT, ((StatusResponse) message).getResponseCode()), composer);
            return;
        }
        if (message instanceof OrderedFetchResponse) {
            fetchEncoder.encode((OrderedFetchResponse) message, composer);
            return;
        }
        if (message instanceof OrderedStatusResponse) {
            statusEncoder.encode((OrderedStatusResponse) message, names(composer));
            return;
        }
        if (message instanceof ListResponse && configuration.slashDelimiter()) {
            ListResponse list = (ListResponse) message;
            if (list.getHierarchyDelimiter() == '.') {
                message = new ListResponse(list.getChildren(), list.getSelectability(), list.getName(), '/',
                    list.isReturnSubscribed(), list.isReturnNonExistent(),
                    list.getChildInfos().isEmpty() ? EnumSet.noneOf(ListResponse.ChildInfo.class) : EnumSet.copyOf(list.getChildInfos()),
                    list.getType());
            }
        }
        if (message instanceof ListResponse || message instanceof LSubResponse || message instanceof XListResponse
            || message instanceof MailboxStatusResponse) {
            delegate.encode(message, names(composer));
            return;
        }
        delegate.encode(message, composer);
    }

    private static boolean isPermanentFlags(ImapMessage message) {
        return message instanceof StatusResponse && ((StatusResponse) message).getResponseCode() != null
            && "PERMANENTFLAGS".equals(((StatusResponse) message).getResponseCode().getCode());
    }

    private ImapResponseComposer names(ImapResponseComposer composer) {
        return configuration.atomMailboxNames() ? new AtomMailboxComposer(composer) : composer;
    }
}
