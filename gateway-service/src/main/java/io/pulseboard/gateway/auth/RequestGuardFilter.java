package io.pulseboard.gateway.auth;

import io.pulseboard.gateway.config.GatewayConfig;
import io.pulseboard.gateway.config.HttpConfig;
import io.pulseboard.model.Problem;
import io.pulseboard.model.http.RequestGuard;
import io.pulseboard.model.http.RequestGuard.Refusal;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Before anything else reads a request: a Host that is not ours (DNS rebinding) or a write from
 * another site's page (CSRF, even as text/plain) gets 403, with or without tokens ({@link RequestGuard}).
 * The WebSocket upgrade applies the same checks as a write ({@link WebSocketUpgradeCheck}). Origins may
 * be listed under pulse.http.allowed-origins or, as before, pulse.gateway.allowed-origins.
 */
@ApplicationScoped
public class RequestGuardFilter {

    private static final Logger LOG = Logger.getLogger(RequestGuardFilter.class);

    private final RequestGuard guard;

    RequestGuardFilter(HttpConfig http, GatewayConfig gateway) {
        List<String> origins = new ArrayList<>(http.allowedOrigins().orElse(List.of()));
        origins.addAll(gateway.allowedOrigins().orElse(List.of()));
        this.guard = new RequestGuard(http.allowedHosts().orElse(List.of()), origins);
    }

    void routes(@Observes Router router) {
        // Before the dashboard's headers (-200) and the /api proxy (-100).
        router.route().order(-1000).handler(this::check);
    }

    /** Why a request must be refused, if it must; {@code changesState}: a write, or a WebSocket upgrade. */
    public Optional<Refusal> refusal(HttpServerRequest request, boolean changesState) {
        String host = request.getHeader(HttpHeaders.HOST);
        if (host == null && request.authority() != null) {
            host = request.authority().toString();
        }
        return guard.check(
                changesState, host, request.getHeader(HttpHeaders.ORIGIN), request.getHeader("Sec-Fetch-Site"));
    }

    private void check(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        Optional<Refusal> refusal =
                refusal(request, RequestGuard.changesState(request.method().name()));
        if (refusal.isEmpty()) {
            rc.next();
            return;
        }
        LOG.debugf(
                "refused %s %s: %s",
                request.method(), request.path(), refusal.get().detail());
        rc.response()
                .setStatusCode(403)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(refusal.get().problemJson(request.path()));
    }
}
