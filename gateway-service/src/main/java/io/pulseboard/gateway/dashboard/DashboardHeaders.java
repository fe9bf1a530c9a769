package io.pulseboard.gateway.dashboard;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The dashboard's pages and assets (dashboard-ui, served from META-INF/resources) go out with a strict
 * Content-Security-Policy: the dashboard has no inline script or style and builds no markup from data, so
 * the policy allows only the gateway's own scripts, styles and connections (the WebSocket included). The
 * API, the WebSocket and the Quarkus endpoints answer as before.
 */
@ApplicationScoped
public class DashboardHeaders {

    private final String contentSecurityPolicy;

    DashboardHeaders(@ConfigProperty(name = "pulse.dashboard.content-security-policy") String contentSecurityPolicy) {
        this.contentSecurityPolicy = contentSecurityPolicy;
    }

    void routes(@Observes Router router) {
        // Before the static resources, which then write the body.
        router.route().order(-200).handler(this::addHeaders);
    }

    private void addHeaders(RoutingContext rc) {
        if (isDashboard(rc.normalizedPath())) {
            rc.response()
                    .headers()
                    .set("Content-Security-Policy", contentSecurityPolicy)
                    .set("X-Content-Type-Options", "nosniff")
                    .set("Referrer-Policy", "no-referrer")
                    .set("X-Frame-Options", "DENY")
                    // Asset names do not change between builds: revalidate rather than keep a stale copy.
                    .set("Cache-Control", "no-cache");
        }
        rc.next();
    }

    static boolean isDashboard(String path) {
        return !(path.equals("/ws")
                || path.startsWith("/ws/")
                || path.startsWith("/api/")
                || path.equals("/api")
                || path.startsWith("/q/")
                || path.equals("/q"));
    }
}
