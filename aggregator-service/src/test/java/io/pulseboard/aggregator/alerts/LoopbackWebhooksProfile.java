package io.pulseboard.aggregator.alerts;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The tests' webhook receivers listen on this machine's loopback, which webhooks may not call by
 * default. They are allowed by the name {@code localhost} only, so that 127.0.0.1 itself stays
 * refused and a test can show both sides.
 */
public class LoopbackWebhooksProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("pulse.notifications.allowed-hosts", "localhost");
    }
}
