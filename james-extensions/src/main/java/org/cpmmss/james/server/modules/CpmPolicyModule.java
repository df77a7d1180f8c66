package org.cpmmss.james.server.modules;

import java.time.Clock;

import javax.inject.Singleton;

import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.lifecycle.api.StartUpCheck;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.ManageableMailQueue;
import org.cpmmss.james.doors.SpoolBacklog;
import org.cpmmss.james.plumbing.CpmSettings;
import org.cpmmss.james.plumbing.DataDirectory;
import org.cpmmss.james.plumbing.StorageReserve;
import org.cpmmss.cpm.address.CpmAddressNormalizer;
import org.cpmmss.james.server.checks.DoorLimitsCheck;
import org.cpmmss.recording.policy.CpmPolicy;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.multibindings.Multibinder;

/**
 * Binds the operator policy {@link CpmPolicy}, the address normaliser it configures, the start-up check of the
 * door limits against it ({@link DoorLimitsCheck}) and the data directory's {@link StorageReserve}, read once from
 * {@code conf/cpm.properties}.
 */
public class CpmPolicyModule extends AbstractModule {
    @Override
    protected void configure() {
        // refuse to start when the SMTP/LMTP door limit is below cpm.limits.max-file-size
        Multibinder.newSetBinder(binder(), StartUpCheck.class).addBinding().to(DoorLimitsCheck.class);
    }

    @Provides
    @Singleton
    CpmPolicy cpmPolicy(CpmSettings settings) {
        return CpmPolicy.from(settings.values());
    }

    /** The one address normaliser (design.md), with {@code cpm.address.country-code} when it is set. */
    @Provides
    @Singleton
    CpmAddressNormalizer addressNormalizer(CpmPolicy policy) {
        return policy.addressNormalizer();
    }

    @Provides
    @Singleton
    StorageReserve storageReserve(CpmSettings settings, DataDirectory data,
                                  MailQueueFactory<? extends ManageableMailQueue> queues, Clock clock)
            throws ConfigurationException {
        SpoolBacklog spool = new SpoolBacklog(queues, clock);
        try {
            return StorageReserve.from(data.path(), settings.firsts(), spool);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage(), e);
        }
    }
}
