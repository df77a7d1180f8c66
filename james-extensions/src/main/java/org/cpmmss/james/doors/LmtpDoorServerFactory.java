package org.cpmmss.james.doors;

import javax.inject.Inject;

import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.lmtpserver.netty.LMTPServer;
import org.apache.james.lmtpserver.netty.LMTPServerFactory;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.protocols.lib.handler.ProtocolHandlerLoader;

/** Creates an {@link LmtpDoorServer} for every {@code <lmtpserver>} of lmtpserver.xml, configured as James's. */
public class LmtpDoorServerFactory extends LMTPServerFactory {
    @Inject
    public LmtpDoorServerFactory(ProtocolHandlerLoader loader, FileSystem fileSystem, MetricFactory metricFactory) {
        super(loader, fileSystem, metricFactory);
    }

    @Override
    protected LMTPServer createServer() {
        return new LmtpDoorServer(lmtpMetrics);
    }
}
