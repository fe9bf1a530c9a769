package io.pulseboard.gateway.ws;

import io.pulseboard.gateway.config.GatewayConfig;
import io.pulseboard.gateway.metrics.GatewayMetrics;
import io.pulseboard.gateway.routing.Hub;
import io.pulseboard.model.validation.StreamGlob;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Answers client messages (design.md, "WebSocket protocol"); a bad one gets an {@code error} and nothing else. */
@ApplicationScoped
public class Protocol {

    private final Hub hub;
    private final GatewayConfig config;
    private final GatewayMetrics metrics;
    private final String version;

    Protocol(
            Hub hub,
            GatewayConfig config,
            GatewayMetrics metrics,
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown") String version) {
        this.hub = hub;
        this.config = config;
        this.metrics = metrics;
        this.version = version;
    }

    /** The first message of every connection. */
    String welcome() {
        return ServerFrames.welcome(version, hub.streams(), config.heartbeatInterval());
    }

    void onText(ClientSession session, String text) {
        try {
            admit(session, text);
            handle(session, ClientRequest.parse(text));
        } catch (FrameError e) {
            reject(session, e);
        }
    }

    void onBinary(ClientSession session) {
        try {
            if (!session.admitFrame()) {
                throw rateLimited();
            }
            throw new FrameError(FrameError.BINARY_FRAME, "binary frames are not understood; send JSON text frames");
        } catch (FrameError e) {
            reject(session, e);
        }
    }

    private void admit(ClientSession session, String text) throws FrameError {
        if (!session.admitFrame()) {
            throw rateLimited();
        }
        // A character is 1 to 3 bytes (4 for a surrogate pair, 2 chars): count bytes only when it may matter.
        int limit = config.maxFrameSize();
        if (text.length() > limit / 3) {
            int bytes = text.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > limit) {
                throw new FrameError(
                        FrameError.FRAME_TOO_LARGE, "the frame is " + bytes + " bytes; at most " + limit + " are read");
            }
        }
    }

    private FrameError rateLimited() {
        return new FrameError(
                FrameError.RATE_LIMITED,
                "more than " + config.maxMessagesPerSecond() + " messages per second; this one was dropped");
    }

    private void handle(ClientSession session, ClientRequest request) throws FrameError {
        if (request instanceof ClientRequest.Subscribe subscribe) {
            subscribe(session, subscribe);
        } else if (request instanceof ClientRequest.Unsubscribe unsubscribe) {
            hub.unsubscribe(session, unsubscribe.streams(), ServerFrames.unsubscribed(unsubscribe.streams()));
        } else if (request instanceof ClientRequest.Ping ping) {
            session.deliver(null, ServerFrames.pong(ping.ts()));
        } else {
            session.deliver(null, ServerFrames.streams(hub.streams()));
        }
    }

    private void subscribe(ClientSession session, ClientRequest.Subscribe subscribe) throws FrameError {
        List<String> names =
                subscribe.streams().stream().map(StreamGlob::pattern).toList();
        String answer = ServerFrames.subscribed(
                names, subscribe.kinds().stream().sorted().toList());
        if (!hub.subscribe(
                session, subscribe.streams(), subscribe.kinds(), config.maxSubscriptions(), subscribe.have(), answer)) {
            throw new FrameError(
                    FrameError.TOO_MANY_SUBSCRIPTIONS,
                    "a connection holds at most " + config.maxSubscriptions()
                            + " stream names and globs; unsubscribe some first (nothing was added)");
        }
    }

    private void reject(ClientSession session, FrameError error) {
        metrics.frameRejected(error.code());
        session.deliver(null, ServerFrames.error(error.code(), error.getMessage()));
    }
}
