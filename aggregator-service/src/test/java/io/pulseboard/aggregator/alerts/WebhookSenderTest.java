package io.pulseboard.aggregator.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pulseboard.aggregator.config.Settings;
import io.pulseboard.aggregator.webhooks.WebhookTargets;
import io.pulseboard.model.Alert;
import io.pulseboard.model.AlertState;
import io.pulseboard.model.Severity;
import io.pulseboard.model.json.PulseJson;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Webhook calls against a real HTTP server: retries, giving up, the bound, and the counters. */
class WebhookSenderTest {

    /** The test's server listens on loopback, which webhooks may only call where allowed. */
    private static final WebhookTargets LOOPBACK = new WebhookTargets(List.of("127.0.0.1"));

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final BlockingQueue<Alert> received = new LinkedBlockingQueue<>();
    private final AtomicInteger failFirst = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/hook", exchange -> {
            Alert a = PulseJson.fromJson(exchange.getRequestBody().readAllBytes(), Alert.class);
            boolean fail = failFirst.getAndDecrement() > 0;
            if (!fail) {
                received.add(a);
            }
            exchange.sendResponseHeaders(fail ? 503 : 200, -1);
            exchange.close();
        });
        server.createContext("/elsewhere", exchange -> {
            exchange.getResponseHeaders().add("Location", url("/hook"));
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.createContext("/stuck", exchange -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    @Test
    void retriesUntilDeliveredAndCountsIt() throws Exception {
        failFirst.set(2);
        WebhookSender sender = new WebhookSender(config(5, 1000), LOOPBACK, registry);
        sender.send(url("/hook"), alert("a1"));
        Alert got = received.poll(10, TimeUnit.SECONDS);
        assertThat(got).isNotNull();
        assertThat(got.id()).isEqualTo("a1");
        await(() -> count("delivered") == 1);
        assertThat(registry.counter("pulse.alerts.webhook.retries").count()).isEqualTo(2);
        assertThat(count("failed")).isZero();
        sender.stop();
    }

    @Test
    void givesUpAfterTheLastAttemptAndCountsIt() throws Exception {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        WebhookSender sender = new WebhookSender(config(3, 1000), LOOPBACK, registry);
        sender.send("http://127.0.0.1:" + deadPort + "/gone", alert("a2"));
        await(() -> count("failed") == 1);
        assertThat(registry.counter("pulse.alerts.webhook.retries").count()).isEqualTo(2);
        assertThat(count("delivered")).isZero();
        sender.stop();
    }

    /** The server holds every call until released: send must return regardless, dropping beyond the bound. */
    @Test
    void dropsBeyondTheBoundWithoutWaiting() throws Exception {
        WebhookSender sender = new WebhookSender(config(1, 2), LOOPBACK, registry);
        for (int i = 0; i < 5; i++) {
            sender.send(url("/stuck"), alert("s" + i));
        }
        assertThat(count("dropped")).isEqualTo(3);
        release.countDown();
        await(() -> count("delivered") == 2);
        sender.stop();
    }

    /** A target that is not allowed (here: loopback) is not called, not retried, and counted once. */
    @Test
    void refusesTargetsThatAreNotAllowedWithoutRetrying() throws Exception {
        WebhookSender sender = new WebhookSender(config(5, 1000), new WebhookTargets(List.of()), registry);
        sender.send(url("/hook"), alert("r1"));
        await(() -> count("refused") == 1);
        sender.send(url("/hook"), alert("r2"));
        await(() -> count("refused") == 2);
        assertThat(received).isEmpty();
        assertThat(registry.counter("pulse.alerts.webhook.retries").count()).isZero();
        assertThat(count("failed")).isZero();
        sender.send(url("/hook").replace("127.0.0.1", "localhost"), alert("r3"));
        await(() -> count("refused") == 3);
        assertThat(received).as("a name resolving to loopback is refused too").isEmpty();
        sender.stop();
    }

    /** An allowed target that redirects elsewhere (here: to an address not allowed) is not followed. */
    @Test
    void doesNotFollowRedirects() throws Exception {
        WebhookSender sender = new WebhookSender(config(2, 1000), new WebhookTargets(List.of("localhost")), registry);
        sender.send(url("/elsewhere").replace("127.0.0.1", "localhost"), alert("d1"));
        await(() -> count("failed") == 1);
        assertThat(received).isEmpty();
        assertThat(count("delivered")).isZero();
        sender.stop();
    }

    // ---------------------------------------------------------------------------------------------

    private double count(String outcome) {
        return registry.counter("pulse.alerts.webhook.calls", "outcome", outcome)
                .count();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private static Alert alert(String id) {
        Instant now = Instant.now();
        return new Alert(
                id,
                "r1",
                "rule",
                "s.api",
                Severity.WARNING,
                AlertState.FIRING,
                "count > 1",
                5.0,
                1,
                now,
                now,
                null,
                null,
                null,
                null,
                Map.of(),
                2);
    }

    /** Quick retries: 20 ms doubling up to 100 ms. */
    private static AlertsConfig config(int attempts, int queueSize) {
        return Settings.of(Map.of(
                        "pulse.alerts.webhook.attempts",
                        String.valueOf(attempts),
                        "pulse.alerts.webhook.queue-size",
                        String.valueOf(queueSize),
                        "pulse.alerts.webhook.backoff",
                        "20ms",
                        "pulse.alerts.webhook.max-backoff",
                        "100ms"))
                .alerts();
    }

    private static void await(BooleanSupplier condition) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(10))
                .until(condition::getAsBoolean);
    }
}
