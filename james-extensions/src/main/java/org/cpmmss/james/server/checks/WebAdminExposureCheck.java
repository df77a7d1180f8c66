package org.cpmmss.james.server.checks;

import java.io.FileNotFoundException;
import java.net.InetAddress;
import java.net.UnknownHostException;

import javax.inject.Inject;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.lifecycle.api.StartUpCheck;
import org.apache.james.utils.PropertiesProvider;

/**
 * James's WebAdmin routes (domains, users, queues…) have no credentials of their own. cpm-mss lets them
 * run unauthenticated only while they listen on a loopback address; listening wider requires
 * {@code jwt.enabled=true} in {@code webadmin.properties}.
 */
public class WebAdminExposureCheck implements StartUpCheck {
    public static final String CHECK_NAME = "webadmin-exposure";

    private final PropertiesProvider propertiesProvider;

    @Inject
    public WebAdminExposureCheck(PropertiesProvider propertiesProvider) {
        this.propertiesProvider = propertiesProvider;
    }

    @Override
    public CheckResult check() {
        Configuration webadmin;
        try {
            webadmin = propertiesProvider.getConfiguration("webadmin");
        } catch (FileNotFoundException | ConfigurationException e) {
            return good();
        }
        if (!webadmin.getBoolean("enabled", false) || webadmin.getBoolean("jwt.enabled", false)) {
            return good();
        }
        String host = webadmin.getString("host", "localhost");
        if (isLoopback(host)) {
            return good();
        }
        return CheckResult.builder()
            .checkName(CHECK_NAME)
            .resultType(ResultType.BAD)
            .description("webadmin.properties binds host=" + host + ", which is not a loopback address, without "
                + "authentication. Set host=127.0.0.1, or enable JWT authentication (jwt.enabled=true and "
                + "jwt.publickeypem.url).")
            .build();
    }

    public static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private CheckResult good() {
        return CheckResult.builder().checkName(CHECK_NAME).resultType(ResultType.GOOD).build();
    }

    @Override
    public String checkName() {
        return CHECK_NAME;
    }
}
