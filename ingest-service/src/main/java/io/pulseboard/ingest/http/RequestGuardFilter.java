package io.pulseboard.ingest.http;

import io.pulseboard.model.Problem;
import io.pulseboard.model.http.RequestGuard;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Before anything else reads a request: a Host that is not ours (DNS rebinding) or a write from
 * another site's page (CSRF, even as text/plain) gets 403, with or without tokens ({@link RequestGuard}).
 */
@ApplicationScoped
public class RequestGuardFilter {

    private static final Logger LOG = Logger.getLogger(RequestGuardFilter.class);

    private final RequestGuard guard;

    RequestGuardFilter(HttpConfig config) {
        this.guard = new RequestGuard(
                config.allowedHosts().orElse(List.of()), config.allowedOrigins().orElse(List.of()));
    }

    void routes(@Observes Router router) {
        router.route().order(-1000).handler(this::check);
    }

    private void check(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        String host = request.getHeader(HttpHeaders.HOST);
        if (host == null && request.authority() != null) {
            host = request.authority().toString();
        }
        var refusal = guard.check(
                request.method().name(),
                host,
                request.getHeader(HttpHeaders.ORIGIN),
                request.getHeader("Sec-Fetch-Site"));
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
