package io.pulseboard.aggregator.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.pulseboard.model.Alert;
import io.pulseboard.model.json.PulseJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP endpoint on loopback standing in for the webhooks and receivers of the flow tests: it answers
 * every call with 204 and keeps the calls per path, in order. The tests that call it run with
 * {@link LoopbackWebhooksProfile}, which allows loopback targets.
 */
public final class LocalWebhook implements AutoCloseable {

    /** A call received: its headers (the first value of each, names in any case) and its body. */
    public record Call(Map<String, String> headers, byte[] body) {

        public String header(String name) {
            return headers.get(name);
        }

        public JsonNode json() {
            return PulseJson.fromJson(new String(body, StandardCharsets.UTF_8), JsonNode.class);
        }

        public Alert alert() {
            return PulseJson.fromJson(body, Alert.class);
        }
    }

    private final HttpServer server;
    private final Map<String, BlockingQueue<Call>> calls = new ConcurrentHashMap<>();

    public LocalWebhook() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, values.get(0)));
            calls(exchange.getRequestURI().getPath())
                    .add(new Call(headers, exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
    }

    /** The URL of {@code path} here, by the name localhost, for a rule's webhook or a receiver. */
    public String url(String path) {
        return "http://localhost:" + port() + path;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The calls to {@code path} not taken yet, in order. */
    public BlockingQueue<Call> calls(String path) {
        return calls.computeIfAbsent(path, p -> new LinkedBlockingQueue<>());
    }

    /** The next call to {@code path}, waiting at most {@code wait}; null if none came. */
    public Call next(String path, Duration wait) throws InterruptedException {
        return calls(path).poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
