package io.pulseboard.gateway.auth;

import io.pulseboard.gateway.config.GatewayConfig;
import io.pulseboard.gateway.metrics.GatewayMetrics;
import io.pulseboard.model.http.RequestGuard.Refusal;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The checks before a WebSocket is opened: the Host and the page's origin, as for a write, since no
 * browser guards a WebSocket with CORS (403, {@link RequestGuardFilter}); the token when tokens are
 * configured (401); and the connection limit of this instance (503).
 */
@ApplicationScoped
public class WebSocketUpgradeCheck implements HttpUpgradeCheck {

    private static final Logger LOG = Logger.getLogger(WebSocketUpgradeCheck.class);

    private final Access access;
    private final RequestGuardFilter guard;
    private final GatewayMetrics metrics;
    private final GatewayConfig config;

    WebSocketUpgradeCheck(Access access, RequestGuardFilter guard, GatewayMetrics metrics, GatewayConfig config) {
        this.access = access;
        this.guard = guard;
        this.metrics = metrics;
        this.config = config;
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        HttpServerRequest request = context.httpRequest();
        Optional<Refusal> refusal = guard.refusal(request, true);
        if (refusal.isPresent()) {
            LOG.debugf("refused a WebSocket: %s", refusal.get().detail());
            return CheckResult.rejectUpgrade(403);
        }
        if (access.enabled() && access.roleOf(request).isEmpty()) {
            return CheckResult.rejectUpgrade(401, Map.of("WWW-Authenticate", List.of("Bearer realm=\"pulseboard\"")));
        }
        if (metrics.connections() >= config.maxConnections()) {
            return CheckResult.rejectUpgrade(503, Map.of("Retry-After", List.of("5")));
        }
        return CheckResult.permitUpgrade();
    }
}
