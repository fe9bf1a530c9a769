package io.pulseboard.ingest.http;

import io.pulseboard.model.Problem;
import io.pulseboard.model.json.PulseJson;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Receives the body of {@code POST /api/events} on the event loop, before the resource runs: a worker
 * thread only ever gets a whole body, so clients that send slowly hold no thread that others need.
 * Each body must be whole within {@code pulse.ingest.body-timeout} (408 otherwise), within
 * {@code quarkus.http.limits.max-body-size} as read, after decompression (413), and within what all
 * bodies together may hold, {@code pulse.ingest.body-memory} (503). A content encoding that is not
 * decompressed is a 415. Each refusal is a problem, after which the connection is closed.
 */
@ApplicationScoped
public class BodyReceiver {

    static final String MAX_BODY_SIZE = "quarkus.http.limits.max-body-size";
    /** How long the rest of a refused body is read and dropped, so that closing does not lose the answer. */
    private static final long LINGER_MS = 2000;

    private final Vertx vertx;
    private final long maxBodySize;
    private final long bodyTimeoutMs;
    private final long bodyMemory;
    private final AtomicLong held = new AtomicLong();

    BodyReceiver(Vertx vertx, IngestConfig config, @ConfigProperty(name = MAX_BODY_SIZE) MemorySize maxBodySize) {
        this.vertx = vertx;
        this.maxBodySize = maxBodySize.asLongValue();
        this.bodyTimeoutMs = Math.max(1, config.bodyTimeout().toMillis());
        this.bodyMemory = config.bodyMemory().asLongValue();
    }

    void routes(@Observes Router router) {
        // Before Quarkus's own size check, which answers with an empty body.
        router.postWithRegex("/api/events/?")
                .order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1)
                .handler(this::receive);
    }

    private void receive(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        // gzip, deflate and br were decompressed below, and their header removed; anything else is not read.
        String encoding = request.getHeader(HttpHeaders.CONTENT_ENCODING);
        if (encoding != null && !encoding.isBlank() && !encoding.trim().equalsIgnoreCase("identity")) {
            refuse(
                    rc,
                    Problem.of(
                            415,
                            "Unsupported content encoding",
                            "content encoding '" + encoding.trim()
                                    + "' is not read; send the body as it is, or compressed with gzip (Content-Encoding: gzip), deflate or br"));
            return;
        }
        long announced = contentLength(request);
        if (announced > maxBodySize) {
            refuse(rc, tooLarge("the body is " + announced + " bytes"));
            return;
        }
        Receiving body = new Receiving(rc);
        rc.addEndHandler(done -> body.release());
        if (request.isEnded()) {
            body.complete();
            return;
        }
        request.handler(body::chunk);
        request.endHandler(v -> body.complete());
        if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
            rc.response().writeContinue();
        }
        request.resume();
    }

    /** One body being received: its chunks, the memory they hold, and its deadline. */
    private final class Receiving {

        private final RoutingContext rc;
        private final List<Buffer> chunks = new ArrayList<>();
        private final long timer;
        private long size;
        private long reserved;
        private boolean done;

        Receiving(RoutingContext rc) {
            this.rc = rc;
            this.timer = vertx.setTimer(bodyTimeoutMs, id -> timedOut());
        }

        void chunk(Buffer chunk) {
            if (done) {
                return;
            }
            size += chunk.length();
            if (size > maxBodySize) {
                fail(tooLarge("the body is more than " + maxBodySize + " bytes as read (after decompression)"));
                return;
            }
            if (held.addAndGet(chunk.length()) > bodyMemory) {
                held.addAndGet(-chunk.length());
                rc.response().putHeader("Retry-After", "1");
                fail(Problem.of(
                        503,
                        "Busy",
                        "the request bodies being received already hold the " + bodyMemory
                                + " bytes this service keeps at once (pulse.ingest.body-memory); send again shortly"));
                return;
            }
            reserved += chunk.length();
            chunks.add(chunk);
        }

        void complete() {
            if (done) {
                return;
            }
            done = true;
            vertx.cancelTimer(timer);
            rc.put(ReceivedBody.KEY, new ReceivedBody(List.copyOf(chunks), size));
            rc.next();
        }

        private void timedOut() {
            if (!done && !rc.response().closed()) {
                fail(Problem.of(
                        408,
                        "Request Timeout",
                        "the body was not received whole within " + bodyTimeoutMs + " ms (pulse.ingest.body-timeout); "
                                + size + " bytes had arrived"));
            }
        }

        private void fail(Problem problem) {
            done = true;
            vertx.cancelTimer(timer);
            chunks.clear();
            release();
            refuse(rc, problem);
        }

        /** Gives back the memory of this body, once its answer is sent or its connection gone. */
        void release() {
            vertx.cancelTimer(timer);
            held.addAndGet(-reserved);
            reserved = 0;
        }
    }

    private Problem tooLarge(String what) {
        return Problem.of(
                        413,
                        "Content Too Large",
                        what + ", more than the limit of " + maxBodySize + " bytes (" + MAX_BODY_SIZE
                                + "); send fewer events per request")
                .with("limit_bytes", maxBodySize);
    }

    private static long contentLength(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        try {
            return length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Answers with the problem and closes the connection, reading and dropping what the client still sends. */
    private void refuse(RoutingContext rc, Problem problem) {
        HttpServerRequest request = rc.request();
        if (rc.response().headWritten()) {
            request.connection().close();
            return;
        }
        boolean ended = request.isEnded();
        rc.response()
                .setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(PulseJson.toJson(problem.atInstance(request.path())))
                .onComplete(sent -> {
                    if (ended) {
                        request.connection().close();
                    } else {
                        vertx.setTimer(LINGER_MS, t -> request.connection().close());
                    }
                });
        if (!ended) {
            request.handler(dropped -> {});
            request.endHandler(v -> request.connection().close());
            request.resume();
        }
    }
}
