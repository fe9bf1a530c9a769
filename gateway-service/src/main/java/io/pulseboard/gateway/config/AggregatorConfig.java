package io.pulseboard.gateway.config;

import io.smallrye.config.WithDefault;
import io.smallrye.config.ConfigMapping;
import java.net.URI;
import java.time.Duration;

/** {@code pulse.aggregator.*}: where the proxied REST API is. */
@ConfigMapping(prefix = "pulse.aggregator")
public interface AggregatorConfig {

    /** The aggregator's base address; /api/* is forwarded there. */
    @WithDefault("http://127.0.0.1:8082")
    URI url();

    /** A proxied exchange that sends or receives nothing for this long fails with 504. */
    @WithDefault("30s")
    Duration idleTimeout();
}
