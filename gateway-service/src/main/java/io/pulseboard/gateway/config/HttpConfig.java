package io.pulseboard.gateway.config;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Optional;

/**
 * {@code pulse.http.*}, the same in every service: who may address the gateway from a browser (see
 * auth/RequestGuardFilter). {@code pulse.gateway.allowed-origins} still counts as allowed origins.
 */
@ConfigMapping(prefix = "pulse.http")
public interface HttpConfig {

    /** Host names besides localhost and address literals ({@code name}, {@code name:port}, {@code *.domain}; {@code *}: any). */
    Optional<List<String>> allowedHosts();

    /** Browser origins that may write through /api and open /ws besides the gateway's own ({@code *}: any). */
    Optional<List<String>> allowedOrigins();
}
