package org.cpmmss.james.imap.profile;

import java.io.IOException;
import java.util.List;

import org.apache.james.imap.api.message.Capability;
import org.apache.james.imap.encode.ImapResponseComposer;

/**
 * Lets James's status encoder write a tagged OK and puts {@code [CAPABILITY …]} right after the {@code OK} atom
 * (the place of a response code), for {@link LoginCapability}.
 */
final class CapabilityCodeComposer extends ForwardingComposer {
    private final List<Capability> capabilities;
    private boolean written;

    CapabilityCodeComposer(ImapResponseComposer delegate, List<Capability> capabilities) {
        super(delegate);
        this.capabilities = capabilities;
    }

    @Override
    public ImapResponseComposer message(byte[] message) throws IOException {
        delegate.message(message);
        if (!written) {
            written = true;
            delegate.openSquareBracket();
            delegate.message("CAPABILITY");
            for (Capability capability : capabilities) {
                delegate.message(capability.asString());
            }
            delegate.closeSquareBracket();
        }
        return this;
    }
}
