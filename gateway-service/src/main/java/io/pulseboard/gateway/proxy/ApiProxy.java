package io.pulseboard.gateway.proxy;

import io.pulseboard.gateway.auth.Access;
import io.pulseboard.gateway.auth.Role;
import io.pulseboard.gateway.config.GatewayConfig;
import io.pulseboard.model.Problem;
import io.pulseboard.model.json.PulseJson;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * {@code /api/*}, forwarded to the aggregator: method, path, query, headers and body go up, status,
 * headers and body come back, each body streamed as it arrives (an export of any size passes through in
 * constant memory). With tokens configured, a viewer may GET and HEAD, an operator may do everything;
 * the token itself is not forwarded. Errors of the gateway itself are problem+json.
 */
@ApplicationScoped
public class ApiProxy {

    private static final Logger LOG = Logger.getLogger(ApiProxy.class);

    /**
     * Not forwarded: headers of one hop (RFC 9110 7.6.1), the host, the gateway's own credentials, and
     * the page's Origin and Sec-Fetch-* headers, checked here already (auth/RequestGuardFilter): the
     * aggregator, under another host and port, would take the gateway's own page for a foreign one.
     */
    private static final Set<String> NOT_FORWARDED = Set.of(
            "connection",
            "keep-alive",
            "proxy-authenticate",
            "proxy-authorization",
            "proxy-connection",
            "te",
            "trailer",
            "transfer-encoding",
            "upgrade",
            "host",
            "authorization",
            "origin",
            "sec-fetch-site",
            "sec-fetch-mode",
            "sec-fetch-dest",
            "sec-fetch-user");

    private final Access access;
    private final GatewayConfig.Aggregator aggregator;
    private final HttpClient client;
    private final String base;

    ApiProxy(Vertx vertx, Access access, GatewayConfig config) {
        this.access = access;
        this.aggregator = config.aggregator();
        URI url = aggregator.url();
        this.base = url.toString().endsWith("/")
                ? url.toString().substring(0, url.toString().length() - 1)
                : url.toString();
        this.client = vertx.createHttpClient(
                new HttpClientOptions().setMaxPoolSize(64).setKeepAlive(true).setConnectTimeout(5000));
    }

    void routes(@Observes Router router) {
        router.route("/api/*").order(-100).handler(this::forward);
    }

    private void forward(RoutingContext rc) {
        HttpServerRequest in = rc.request();
        if (access.enabled()) {
            Optional<Role> role = access.roleOf(in);
            if (role.isEmpty()) {
                rc.response().putHeader("WWW-Authenticate", "Bearer realm=\"pulseboard\"");
                problem(
                        rc,
                        401,
                        "Unauthorized",
                        Access.tokenOf(in).isPresent()
                                ? "the bearer token is not known"
                                : "a bearer token is needed (Authorization header or token parameter)");
                return;
            }
            if (!role.get().mayUse(in.method().name())) {
                problem(
                        rc,
                        403,
                        "Forbidden",
                        "a viewer token may only read (GET, HEAD); "
                                + in.method().name() + " " + in.path() + " needs an operator token");
                return;
            }
        }
        // Hold the body until the upstream request exists; it is then piped, not buffered.
        in.pause();
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        copyHeaders(in.headers(), headers);
        RequestOptions options = new RequestOptions()
                .setHeaders(headers)
                .setMethod(in.method())
                .setAbsoluteURI(base + in.path() + query(in))
                .setIdleTimeout(aggregator.idleTimeout().toMillis());
        options.putHeader(
                "X-Forwarded-For",
                in.remoteAddress() == null ? "unknown" : in.remoteAddress().host());
        options.putHeader("X-Forwarded-Proto", in.scheme());
        if (in.authority() != null) {
            options.putHeader("X-Forwarded-Host", in.authority().toString());
        }
        client.request(options)
                .compose(out -> {
                    if (hasBody(in)) {
                        return out.send(in);
                    }
                    in.resume();
                    return out.send();
                })
                .onSuccess(upstream -> respond(rc, upstream))
                .onFailure(failure -> failed(rc, failure));
    }

    private static boolean hasBody(HttpServerRequest in) {
        return in.headers().contains(HttpHeaders.CONTENT_LENGTH)
                || in.headers().contains(HttpHeaders.TRANSFER_ENCODING);
    }

    private void respond(RoutingContext rc, HttpClientResponse upstream) {
        HttpServerResponse out = rc.response();
        out.setStatusCode(upstream.statusCode());
        if (upstream.statusMessage() != null) {
            out.setStatusMessage(upstream.statusMessage());
        }
        copyHeaders(upstream.headers(), out.headers());
        out.send(upstream).onFailure(failure -> {
            LOG.debugf(
                    "streaming the answer of %s %s failed: %s",
                    rc.request().method(), rc.request().uri(), failure);
            rc.request().connection().close();
        });
    }

    private void failed(RoutingContext rc, Throwable failure) {
        if (rc.response().headWritten()) {
            rc.request().connection().close();
            return;
        }
        rc.request().resume();
        boolean timeout = failure instanceof TimeoutException
                || String.valueOf(failure.getMessage()).toLowerCase(Locale.ROOT).contains("timeout");
        LOG.warnf(
                "proxying %s %s to %s failed: %s",
                rc.request().method(), rc.request().path(), base, failure.toString());
        problem(
                rc,
                timeout ? 504 : 502,
                timeout ? "Gateway Timeout" : "Bad Gateway",
                "the aggregator at " + base + (timeout ? " did not answer in time: " : " could not be reached: ")
                        + failure.getMessage());
    }

    private static void copyHeaders(MultiMap from, MultiMap to) {
        from.forEach(header -> {
            if (!NOT_FORWARDED.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                to.add(header.getKey(), header.getValue());
            }
        });
    }

    /** The raw query without the token parameter, with its leading '?', or empty. */
    private static String query(HttpServerRequest in) {
        String query = in.query();
        if (query == null || query.isEmpty()) {
            return "";
        }
        String kept = Arrays.stream(query.split("&"))
                .filter(p -> !p.equals(Access.TOKEN_PARAMETER) && !p.startsWith(Access.TOKEN_PARAMETER + "="))
                .collect(Collectors.joining("&"));
        return kept.isEmpty() ? "" : "?" + kept;
    }

    private static void problem(RoutingContext rc, int status, String title, String detail) {
        Problem problem =
                Problem.of(status, title, detail).atInstance(rc.request().path());
        rc.response()
                .setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(PulseJson.toJson(problem));
    }
}
