package io.pulseboard.infra.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulseboard.model.json.PulseJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real WebSocket client (the JDK's) that collects a Pulseboard gateway's messages as JSON, for tests. A client made with
 * {@code reading=false} reads nothing after the welcome until {@link #startReading()}: it stands for a
 * client that does not keep up.
 */
public final class WsClient implements WebSocket.Listener, AutoCloseable {

    public static final Duration WAIT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** How a connection ended: the close code and reason the server sent. */
    public record Closed(int code, String reason) {}

    private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private volatile boolean reading;
    private WebSocket socket;

    private WsClient(boolean reading) {
        this.reading = reading;
    }

    public static WsClient connect(URI uri) {
        return connect(uri, Map.of(), true);
    }

    /** An upgrade the server refused, with its HTTP status. */
    public static final class Refused extends RuntimeException {
        private final int status;

        Refused(int status) {
            super("the upgrade was refused with " + status);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /** Connects with extra handshake headers; a refused upgrade throws {@link Refused}. */
    public static WsClient connect(URI uri, Map<String, String> headers, boolean reading) {
        WsClient client = new WsClient(reading);
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        headers.forEach(builder::header);
        try {
            client.socket = builder.buildAsync(uri, client).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            return client;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                throw new Refused(refused.getResponse().statusCode());
            }
            throw new IllegalStateException("could not connect to " + uri, e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException("could not connect to " + uri, e);
        }
    }

    /** The HTTP status of a refused upgrade. */
    public static int refusedStatus(URI uri, Map<String, String> headers) {
        try (WsClient unexpected = connect(uri, headers, true)) {
            throw new AssertionError("the upgrade to " + uri + " was accepted");
        } catch (Refused refused) {
            return refused.status();
        }
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            messages.add(PulseJson.fromJson(partial.toString(), JsonNode.class));
            partial.setLength(0);
        }
        if (reading) {
            webSocket.request(1);
        }
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(new Closed(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.completeExceptionally(error);
    }

    /** A client made with {@code reading=false} starts reading everything. */
    public void startReading() {
        reading = true;
        socket.request(Long.MAX_VALUE);
    }

    public void send(String frame) {
        socket.sendText(frame, true).join();
    }

    public void sendBinary(byte[] frame) {
        socket.sendBinary(ByteBuffer.wrap(frame), true).join();
    }

    /** The next message that is not a heartbeat; fails after {@link #WAIT}. */
    public JsonNode next() {
        long deadline = System.nanoTime() + WAIT.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                JsonNode message = left > 0 ? messages.poll(left, TimeUnit.NANOSECONDS) : null;
                if (message == null) {
                    throw new AssertionError("no message within " + WAIT.toSeconds() + " s");
                }
                if (!"heartbeat".equals(message.path("type").asText())) {
                    return message;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Waits for a heartbeat, leaving out other messages; fails after {@link #WAIT}. */
    public JsonNode awaitHeartbeat() {
        try {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                JsonNode message = messages.poll(100, TimeUnit.MILLISECONDS);
                if (message != null && "heartbeat".equals(message.path("type").asText())) {
                    return message;
                }
            }
            throw new AssertionError("no heartbeat within " + WAIT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The next message, which must be of this type. */
    public JsonNode next(String type) {
        JsonNode message = next();
        if (!type.equals(message.path("type").asText())) {
            throw new AssertionError("expected a " + type + " message, got " + message);
        }
        return message;
    }

    /** Every message up to and including the first that matches (heartbeats left out); fails after {@link #WAIT}. */
    public List<JsonNode> until(Predicate<JsonNode> last) {
        return untilAll(List.of(last));
    }

    /**
     * Every message until each of {@code wanted} has matched one of them, in whatever order they come
     * (heartbeats left out); fails after {@link #WAIT}.
     */
    public List<JsonNode> untilAll(List<Predicate<JsonNode>> wanted) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<Predicate<JsonNode>> missing = new ArrayList<>(wanted);
        List<JsonNode> seen = new ArrayList<>();
        while (!missing.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(missing.size() + " of the awaited messages did not come within "
                        + WAIT.toSeconds() + " s; received: " + seen);
            }
            JsonNode message = next();
            seen.add(message);
            missing.removeIf(p -> p.test(message));
        }
        return seen;
    }

    /**
     * Sends a ping and returns every message before its pong: what the gateway had queued for this client
     * when it read the ping.
     */
    public List<JsonNode> flush() {
        long ts = System.nanoTime();
        send("{\"type\":\"ping\",\"ts\":" + ts + "}");
        List<JsonNode> seen = until(
                m -> "pong".equals(m.path("type").asText()) && m.path("ts").asLong() == ts);
        return seen.subList(0, seen.size() - 1);
    }

    /** How the server closed the connection; fails after {@link #WAIT}. */
    public Closed awaitClosed() {
        try {
            return closed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | CompletionException e) {
            throw new AssertionError("the connection failed instead of closing", e.getCause());
        } catch (Exception e) {
            throw new AssertionError("the connection was not closed within " + WAIT.toSeconds() + " s", e);
        }
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void close() {
        if (socket != null && !socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
        }
        if (socket != null) {
            socket.abort();
        }
    }
}
