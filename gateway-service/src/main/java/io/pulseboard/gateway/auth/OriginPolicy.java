package io.pulseboard.gateway.auth;

import io.pulseboard.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which browser pages may open a WebSocket: the gateway's own (the dashboard), the configured origins,
 * or any with {@code *}. A request without an Origin header does not come from a browser page (a script,
 * a CLI) and is left to the token check.
 */
@ApplicationScoped
public class OriginPolicy {

    private final Set<String> allowed;
    private final boolean any;

    public OriginPolicy(GatewayConfig config) {
        List<String> origins = config.allowedOrigins().orElse(List.of());
        this.any = origins.contains("*");
        this.allowed = origins.stream().map(OriginPolicy::normalize).collect(Collectors.toUnmodifiableSet());
    }

    /** {@code origin}: the Origin header or null; {@code host}: the Host header the request was sent to. */
    public boolean allows(String origin, String host) {
        if (origin == null || any) {
            return true;
        }
        String normalized = normalize(origin);
        if (allowed.contains(normalized)) {
            return true;
        }
        // Same origin: the page was served by this gateway under the same host and port.
        try {
            String authority = URI.create(normalized).getRawAuthority();
            return host != null && authority != null && authority.equals(host.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String normalize(String origin) {
        String lower = origin.trim().toLowerCase(Locale.ROOT);
        return lower.endsWith("/") ? lower.substring(0, lower.length() - 1) : lower;
    }
}
