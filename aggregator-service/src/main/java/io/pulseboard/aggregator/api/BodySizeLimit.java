package io.pulseboard.aggregator.api;

import io.pulseboard.model.Problem;
import io.pulseboard.model.json.PulseJson;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A body announced larger than quarkus.http.limits.max-body-size is refused before it is read, with a
 * problem that says the limit (Quarkus's own check, which runs next, answers with an empty body).
 */
@ApplicationScoped
public class BodySizeLimit {

    static final String SETTING = "quarkus.http.limits.max-body-size";
    /** How long the rest of a refused body is read and dropped, so that closing does not lose the answer. */
    private static final long LINGER_MS = 2000;

    private final Vertx vertx;
    private final long limit;

    BodySizeLimit(Vertx vertx, @ConfigProperty(name = SETTING, defaultValue = "10240K") MemorySize limit) {
        this.vertx = vertx;
        this.limit = limit.asLongValue();
    }

    void routes(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::check);
    }

    private void check(RoutingContext rc) {
        String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        long announced;
        try {
            announced = length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            announced = -1;
        }
        if (announced > limit) {
            refuse(
                    rc,
                    Problem.of(
                                    413,
                                    "Content Too Large",
                                    "the body is " + announced + " bytes, more than the limit of " + limit + " bytes ("
                                            + SETTING + ")")
                            .with("limit_bytes", limit));
            return;
        }
        rc.next();
    }

    private void refuse(RoutingContext rc, Problem problem) {
        HttpServerRequest request = rc.request();
        rc.response()
                .setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(PulseJson.toJson(problem.atInstance(request.path())))
                .onComplete(sent ->
                        vertx.setTimer(LINGER_MS, t -> request.connection().close()));
        if (!request.isEnded()) {
            request.handler(dropped -> {});
            request.endHandler(v -> request.connection().close());
            request.resume();
        }
    }
}
