package io.pulseboard.gateway.ws;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;

/**
 * A frame over quarkus.websockets-next.server.max-frame-size is refused by Netty's decoder, and Vert.x then
 * drops the connection without a close frame (the client sees 1006). This puts a handler behind the decoder of
 * every WebSocket connection that answers such a frame with the close frame the decoder meant (1009, message
 * too big, with its reason) before closing.
 */
@ApplicationScoped
public class OversizedFrames {

    static final String HANDLER = "pulse-oversized-frames";
    /** A close reason is at most 123 bytes of UTF-8. */
    private static final int MAX_REASON = 123;

    void routes(@Observes Router router) {
        router.get("/ws").order(-1000).handler(this::guard);
    }

    private void guard(RoutingContext rc) {
        // The WebSocket decoder replaces the HTTP codec in front of Vert.x's handler: this sits just behind it.
        if ("websocket".equalsIgnoreCase(rc.request().getHeader(HttpHeaders.UPGRADE))
                && rc.request().connection() instanceof ConnectionBase connection) {
            ChannelPipeline pipeline = connection.channel().pipeline();
            if (pipeline.get(HANDLER) == null && pipeline.get("handler") != null) {
                pipeline.addBefore("handler", HANDLER, new CloseWithStatus());
            }
        }
        rc.next();
    }

    private static final class CloseWithStatus extends ChannelDuplexHandler {

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
            if (cause instanceof CorruptedWebSocketFrameException corrupt
                    && ctx.channel().isActive()) {
                ctx.writeAndFlush(new CloseWebSocketFrame(corrupt.closeStatus().code(), reason(corrupt)))
                        .addListener(ChannelFutureListener.CLOSE);
                return;
            }
            super.exceptionCaught(ctx, cause);
        }

        private static String reason(CorruptedWebSocketFrameException e) {
            String reason = e.getMessage() == null ? e.closeStatus().reasonText() : e.getMessage();
            while (reason.getBytes(StandardCharsets.UTF_8).length > MAX_REASON) {
                reason = reason.substring(0, reason.length() - 1);
            }
            return reason;
        }
    }
}
