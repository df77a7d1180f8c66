package org.cpmmss.james.server.modules;

import javax.inject.Singleton;

import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.utils.PropertiesProvider;
import org.cpmmss.james.plumbing.CpmSettings;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;

/** Reads {@code conf/cpm.properties} once into {@link CpmSettings}, from which each part's typed settings are built. */
public class CpmSettingsModule extends AbstractModule {
    @Provides
    @Singleton
    CpmSettings cpmSettings(PropertiesProvider properties) throws ConfigurationException {
        return CpmSettings.read(properties);
    }
}
