package io.pulseboard.gateway.ws;

import io.pulseboard.gateway.config.GatewayConfig;
import io.pulseboard.gateway.metrics.GatewayMetrics;
import io.pulseboard.gateway.routing.Hub;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** {@code /ws}: the WebSocket endpoint. Everything here runs on the connection's event loop and only queues. */
@WebSocket(path = "/ws")
public class GatewaySocket {

    private static final Logger LOG = Logger.getLogger(GatewaySocket.class);
    /** RFC 6455 close status: a message too big to process. */
    static final int MESSAGE_TOO_BIG = 1009;

    private final Protocol protocol;
    private final Sessions sessions;
    private final Hub hub;
    private final GatewayMetrics metrics;
    private final GatewayConfig config;
    private final int maxMessageSize;

    GatewaySocket(
            Protocol protocol,
            Sessions sessions,
            Hub hub,
            GatewayMetrics metrics,
            GatewayConfig config,
            @ConfigProperty(name = "quarkus.websockets-next.server.max-message-size", defaultValue = "65536")
                    int maxMessageSize) {
        this.protocol = protocol;
        this.sessions = sessions;
        this.hub = hub;
        this.metrics = metrics;
        this.config = config;
        this.maxMessageSize = maxMessageSize;
    }

    @OnOpen
    @NonBlocking
    void open(WebSocketConnection connection) {
        ClientSession.Limits limits =
                new ClientSession.Limits(config.outboundQueueSize(), config.slowClientTimeout(), config.maxInFlight());
        ClientSession session = new ClientSession(
                connection,
                Vertx.currentContext(),
                metrics,
                limits,
                config.maxMessagesPerSecond(),
                config.events().maxPerSecond());
        sessions.add(session);
        metrics.opened();
        session.deliver(null, protocol.welcome());
    }

    @OnTextMessage
    @NonBlocking
    void text(String frame, WebSocketConnection connection) {
        ClientSession session = sessions.get(connection.id());
        if (session != null) {
            protocol.onText(session, frame);
        }
    }

    @OnBinaryMessage
    @NonBlocking
    void binary(Buffer frame, WebSocketConnection connection) {
        ClientSession session = sessions.get(connection.id());
        if (session != null) {
            protocol.onBinary(session);
        }
    }

    @OnClose
    @NonBlocking
    void close(WebSocketConnection connection) {
        ClientSession session = sessions.remove(connection.id());
        if (session != null) {
            session.closed();
            hub.remove(session);
            metrics.closed();
        }
    }

    @OnError
    @NonBlocking
    void error(Throwable failure, WebSocketConnection connection) {
        // Vert.x drops a message whose fragments add up to more than max-message-size and says so only here.
        if (failure instanceof IllegalStateException
                && String.valueOf(failure.getMessage()).contains("max message size")) {
            String reason = "message over " + maxMessageSize + " bytes; a message is at most " + config.maxFrameSize()
                    + " bytes";
            connection
                    .close(new CloseReason(MESSAGE_TOO_BIG, reason))
                    .subscribe()
                    .with(
                            ok -> {},
                            closeFailed ->
                                    LOG.debugf("closing connection %s failed: %s", connection.id(), closeFailed));
            return;
        }
        // A client that goes away is routine; anything else is a bug worth seeing. The connection stays open.
        if (failure instanceof IOException) {
            LOG.debugf("connection %s: %s", connection.id(), failure);
        } else {
            LOG.warnf(failure, "connection %s: unexpected failure", connection.id());
        }
    }
}
