package io.pulseboard.gateway.auth;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Without tokens, /ws and /api are open to whoever can connect, so the gateway then listens on loopback
 * only: it refuses to start on any other address until tokens are configured.
 */
@ApplicationScoped
public class LoopbackGuard {

    void check(@Observes StartupEvent start, Access access, @ConfigProperty(name = "quarkus.http.host") String host) {
        if (!access.enabled() && !isLoopback(host)) {
            throw new IllegalStateException("quarkus.http.host is " + host + " but no tokens are configured: without "
                    + "pulse.gateway.auth.viewer-tokens or operator-tokens the gateway listens on loopback only "
                    + "(127.0.0.1, ::1 or localhost)");
        }
    }

    static boolean isLoopback(String host) {
        if ("localhost".equalsIgnoreCase(host)) {
            return true;
        }
        try {
            // Only literal addresses are checked; a name is not resolved.
            return host.matches("[0-9.]+|\\[?[0-9a-fA-F]*:[0-9a-fA-F:]*\\]?")
                    && InetAddress.getByName(host.replace("[", "").replace("]", ""))
                            .isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
