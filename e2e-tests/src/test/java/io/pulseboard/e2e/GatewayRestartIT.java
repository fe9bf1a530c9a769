package io.pulseboard.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pulseboard.infra.ServiceProcess;
import io.pulseboard.model.json.PulseJson;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A dashboard never sees numbers go backwards across a gateway crash: WebSocket clients subscribed to
 * {@code **} record every metrics message while a producer sends a known number of events; the gateway is
 * killed with SIGKILL and started again on the same port while the load goes on; the clients reconnect
 * (retrying while they are refused) and subscribe again, half of them with the revisions they hold. No
 * client ever receives a lower revision of a (stream, hour) than one it had, and each ends with exactly
 * the aggregator's REST answer.
 */
class GatewayRestartIT {

    private static final String PREFIX = "restart";
    private static final int STREAMS = 4;
    private static final int EVENTS = 16_000;
    private static final int CLIENTS = 4;

    @RegisterExtension
    static final InfraExtension infra = new InfraExtension();

    @Test
    void reconnectedClientsNeverSeeARevisionGoBackAndEndWithTheRestAnswer() throws Exception {
        int port = freePort();
        try (ServiceProcess aggregator =
                Stack.start("aggregator-service", infra.get(), Map.of()).awaitReady(Stack.START_TIMEOUT)) {
            Map<String, String> gatewayConfig = Map.of(
                    "quarkus.http.port",
                    Integer.toString(port),
                    "pulse.gateway.aggregator.url",
                    aggregator.uri("").toString());
            ServiceProcess gateway =
                    Stack.start("gateway-service", infra.get(), gatewayConfig).awaitReady(Stack.START_TIMEOUT);
            URI ws = URI.create("ws://127.0.0.1:" + port + "/ws");
            List<Recorder> clients = IntStream.range(0, CLIENTS)
                    .mapToObj(i -> new Recorder(ws, i % 2 == 0).start())
                    .toList();
            try {
                // About 400 events/s for 40 s: the kill lands in the middle of it.
                PacedProducer producer = new PacedProducer(infra.get(), PREFIX, STREAMS, EVENTS, 400).start();
                await().atMost(Duration.ofMinutes(2))
                        .until(() -> clients.stream().allMatch(c -> c.total() >= EVENTS / 3));

                ProcessHandle.of(gateway.pid()).ifPresent(h -> {
                    h.destroyForcibly();
                    h.onExit().join();
                });
                gateway.close();
                gateway = Stack.start("gateway-service", infra.get(), gatewayConfig);
                await().atMost(Duration.ofMinutes(2))
                        .until(() -> clients.stream().allMatch(c -> c.connections() >= 2));

                Map<String, Long> sent = producer.finish(Duration.ofMinutes(3));
                await().atMost(Duration.ofMinutes(2))
                        .until(() -> restCounts(aggregator, sent).equals(sent));
                for (Recorder client : clients) {
                    await().atMost(Duration.ofMinutes(1))
                            .until(() -> client.latestCounts().equals(sent));
                    assertThat(client.backwards())
                            .as("revisions lower than one held")
                            .isEmpty();
                    if (client.sendsHave) {
                        assertThat(client.repeated())
                                .as("revisions already held, though the client said so")
                                .isEmpty();
                    }
                }
            } finally {
                clients.forEach(Recorder::stop);
                gateway.close();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The aggregator's counts per {@code stream@hour} over REST, for the hours the producer sent to. */
    private static Map<String, Long> restCounts(ServiceProcess aggregator, Map<String, Long> sent) {
        String from = sent.keySet().stream()
                .map(k -> k.substring(k.indexOf('@') + 1))
                .sorted()
                .findFirst()
                .orElseThrow();
        Map<String, Long> counts = new HashMap<>();
        for (int s = 0; s < STREAMS; s++) {
            String stream = PREFIX + ".s" + s;
            JsonNode page = PulseJson.fromJson(
                    given().queryParam("from", from)
                            .get(aggregator.uri("/api/streams/" + stream + "/metrics"))
                            .then()
                            .statusCode(200)
                            .extract()
                            .asString(),
                    JsonNode.class);
            for (JsonNode hour : page.path("metrics")) {
                counts.put(
                        stream + "@" + hour.path("hour").asText(),
                        hour.path("count").asLong());
            }
        }
        return counts;
    }

    /**
     * A client as a dashboard is one: subscribed to {@code **}, reconnecting at once whenever its
     * connection ends (refused upgrades included), keeping the latest state of every (stream, hour) and
     * noting every message whose revision is lower than (or, for a client that sends what it has, equal
     * to) the one it held.
     */
    private static final class Recorder implements WebSocket.Listener {

        private static final HttpClient HTTP = HttpClient.newHttpClient();

        private final URI uri;
        private final boolean sendsHave;
        private final Map<String, JsonNode> latest = new HashMap<>();
        private final List<String> backwards = new ArrayList<>();
        private final List<String> repeated = new ArrayList<>();
        private final StringBuilder partial = new StringBuilder();
        private final Thread thread;
        private volatile boolean running = true;
        private int connections;
        private volatile CompletableFuture<Void> ended;

        Recorder(URI uri, boolean sendsHave) {
            this.uri = uri;
            this.sendsHave = sendsHave;
            this.thread = new Thread(this::run, "recorder");
            this.thread.setDaemon(true);
        }

        Recorder start() {
            thread.start();
            return this;
        }

        void stop() {
            running = false;
            thread.interrupt();
        }

        private void run() {
            while (running) {
                WebSocket socket = null;
                try {
                    synchronized (this) {
                        ended = new CompletableFuture<>();
                    }
                    socket = HTTP.newWebSocketBuilder()
                            .connectTimeout(Duration.ofSeconds(5))
                            .buildAsync(uri, this)
                            .get(10, TimeUnit.SECONDS);
                    synchronized (this) {
                        connections++;
                    }
                    ended.get();
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    // Refused (the gateway is rebuilding its state) or not listening yet: try again shortly.
                    pause();
                } finally {
                    if (socket != null) {
                        socket.abort();
                    }
                }
            }
        }

        private void pause() {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                running = false;
            }
        }

        @Override
        public void onOpen(WebSocket socket) {
            socket.request(Long.MAX_VALUE);
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                JsonNode message = PulseJson.fromJson(partial.toString(), JsonNode.class);
                partial.setLength(0);
                String type = message.path("type").asText();
                if (type.equals("welcome")) {
                    socket.sendText(subscribe(), true);
                } else if (type.equals("metrics")) {
                    record(message.path("data"));
                }
            }
            return null;
        }

        private synchronized String subscribe() {
            ObjectNode frame = PulseJson.mapper().createObjectNode().put("type", "subscribe");
            frame.putArray("streams").add("**");
            frame.putArray("kinds").add("metrics");
            if (sendsHave) {
                ObjectNode have = frame.putObject("have");
                latest.forEach(
                        (key, data) -> have.put(key, data.path("revision").asLong()));
            }
            return frame.toString();
        }

        private synchronized void record(JsonNode data) {
            if (!data.path("stream").asText().startsWith(PREFIX + ".")) {
                return;
            }
            String key = data.path("stream").asText() + "@" + data.path("hour").asText();
            long revision = data.path("revision").asLong();
            JsonNode held = latest.get(key);
            long heldRevision = held == null ? -1 : held.path("revision").asLong();
            if (revision < heldRevision) {
                backwards.add(key + ": " + heldRevision + " (count " + held.path("count") + ") then " + revision
                        + " (count " + data.path("count") + ")");
                return;
            }
            if (revision == heldRevision) {
                repeated.add(key + "@" + revision);
            }
            latest.put(key, data);
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
            ended.complete(null);
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            ended.complete(null);
        }

        synchronized int connections() {
            return connections;
        }

        synchronized long total() {
            return latest.values().stream()
                    .mapToLong(d -> d.path("count").asLong())
                    .sum();
        }

        synchronized Map<String, Long> latestCounts() {
            Map<String, Long> counts = new HashMap<>();
            latest.forEach((key, data) -> counts.put(key, data.path("count").asLong()));
            return counts;
        }

        synchronized List<String> backwards() {
            return List.copyOf(backwards);
        }

        synchronized List<String> repeated() {
            return List.copyOf(repeated);
        }
    }
}
