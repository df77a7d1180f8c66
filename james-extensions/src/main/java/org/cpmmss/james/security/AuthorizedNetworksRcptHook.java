package org.cpmmss.james.security;

import java.net.InetSocketAddress;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPRetCode;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.dsn.DSNStatus;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.RcptHook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The door guard of SMTP and LMTP: a recipient is accepted only from a client in the configured networks or
 * one that has authenticated (SMTP AUTH). Everyone else gets {@code 530 5.7.0} at RCPT, whatever the
 * recipient — James on its own only refuses relaying, and accepts mail for local users from anyone.
 *
 * <pre>{@code <handler class="org.cpmmss.james.security.AuthorizedNetworksRcptHook">
 *     <authorizedNetworks>127.0.0.0/8, ::1</authorizedNetworks>
 * </handler>}</pre>
 *
 * The default, when the element is absent, is loopback only.
 */
public class AuthorizedNetworksRcptHook implements RcptHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(AuthorizedNetworksRcptHook.class);
    public static final String DEFAULT_NETWORKS = "127.0.0.0/8, ::1";

    private Networks networks = Networks.parse(DEFAULT_NETWORKS);

    @Override
    public void init(Configuration config) throws ConfigurationException {
        String value = config.getString("authorizedNetworks", DEFAULT_NETWORKS);
        try {
            networks = Networks.parse(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("authorizedNetworks: " + e.getMessage(), e);
        }
        LOGGER.info("SMTP/LMTP door open without authentication to {}", networks);
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress rcpt) {
        if (session.getUsername() != null) {
            return HookResult.DECLINED;
        }
        InetSocketAddress remote = session.getRemoteAddress();
        if (remote != null && remote.getAddress() != null && networks.contains(remote.getAddress())) {
            return HookResult.DECLINED;
        }
        LOGGER.info("refused a recipient from {}: not in the authorized networks, not authenticated", remote);
        return HookResult.builder()
            .hookReturnCode(HookReturnCode.deny())
            .smtpReturnCode(SMTPRetCode.AUTH_REQUIRED)
            .smtpDescription(DSNStatus.getStatus(DSNStatus.PERMANENT, DSNStatus.SECURITY_AUTH)
                + " Authentication required: this client is not in the authorized networks")
            .build();
    }
}
