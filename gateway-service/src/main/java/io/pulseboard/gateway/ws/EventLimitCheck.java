package io.pulseboard.gateway.ws;

import io.pulseboard.gateway.config.GatewayConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Refuses to start with an event limit no connection could work with, rather than failing each connection. */
@ApplicationScoped
public class EventLimitCheck {

    void check(@Observes StartupEvent start, GatewayConfig config) {
        EventBucket.checkLimit(config.events().maxPerSecond());
    }
}
