package org.cpmmss.james.server.modules;

import java.io.File;
import java.io.FileNotFoundException;
import java.time.Clock;

import javax.inject.Singleton;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.filesystem.api.JamesDirectoriesProvider;
import org.apache.james.lifecycle.api.StartUpCheck;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.ManageableMailQueue;
import org.apache.james.utils.PropertiesProvider;
import org.cpmmss.james.doors.SpoolBacklog;
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
    CpmPolicy cpmPolicy(PropertiesProvider propertiesProvider) throws ConfigurationException {
        Configuration configuration;
        try {
            configuration = propertiesProvider.getConfiguration("cpm");
        } catch (FileNotFoundException e) {
            return CpmPolicy.defaults();
        }
        return CpmPolicy.from(key -> {
            String[] values = configuration.getStringArray(key);
            return values.length == 0 ? null : String.join(",", values);
        });
    }

    /** The one address normaliser (design.md), with {@code cpm.address.country-code} when it is set. */
    @Provides
    @Singleton
    CpmAddressNormalizer addressNormalizer(CpmPolicy policy) {
        return policy.addressNormalizer();
    }

    @Provides
    @Singleton
    StorageReserve storageReserve(PropertiesProvider propertiesProvider, JamesDirectoriesProvider directories,
                                  MailQueueFactory<? extends ManageableMailQueue> queues, Clock clock)
            throws ConfigurationException {
        File dataDirectory = new File(directories.getVarDirectory());
        SpoolBacklog spool = new SpoolBacklog(queues, clock);
        try {
            Configuration configuration = propertiesProvider.getConfiguration("cpm");
            return StorageReserve.from(dataDirectory, key -> configuration.getString(key, null), spool);
        } catch (FileNotFoundException e) {
            return StorageReserve.from(dataDirectory, key -> null, spool);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage(), e);
        }
    }
}
