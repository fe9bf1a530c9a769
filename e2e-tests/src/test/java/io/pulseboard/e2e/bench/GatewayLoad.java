package io.pulseboard.e2e.bench;

import io.pulseboard.infra.InfraOptions;
import io.pulseboard.infra.PulseInfra;
import io.pulseboard.infra.ServiceProcess;
import io.pulseboard.model.HourlyMetrics;
import io.pulseboard.model.Topics;
import io.pulseboard.model.ValueStats;
import io.pulseboard.model.json.PulseJson;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Load on the built gateway: a fresh broker, the gateway as its own process, N WebSocket clients with M
 * exact-name subscriptions each (spread over S streams), and HourlyMetrics written straight to
 * pulse.metrics at R records per second. Reports delivered messages per second, latency from each
 * record's Kafka timestamp to its arrival at a client (p50, p99, max), and the gateway's heap per idle
 * connection (heap after a full GC with the clients connected and subscribed, minus before, over N).
 *
 * <pre>bench/gateway-load.sh --connections 1000 --subscriptions 5 --streams 500 --rate 1000 --seconds 30</pre>
 */
public final class GatewayLoad {

    private final int connections;
    private final int subscriptions;
    private final int streams;
    private final int rate;
    private final int seconds;
    private final int warmup;

    private final Recorder latency = new Recorder(3);
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicInteger open = new AtomicInteger();
    private volatile boolean measuring;

    private GatewayLoad(Map<String, String> args) {
        connections = Integer.parseInt(args.getOrDefault("connections", "1000"));
        subscriptions = Integer.parseInt(args.getOrDefault("subscriptions", "5"));
        streams = Integer.parseInt(args.getOrDefault("streams", "500"));
        rate = Integer.parseInt(args.getOrDefault("rate", "1000"));
        seconds = Integer.parseInt(args.getOrDefault("seconds", "30"));
        warmup = Integer.parseInt(args.getOrDefault("warmup", "10"));
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new HashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        }
        new GatewayLoad(args).run();
        System.exit(0);
    }

    private void run() throws Exception {
        Path root = Paths.get(System.getProperty("pulse.repository.root", "."))
                .toAbsolutePath()
                .normalize();
        try (PulseInfra infra = PulseInfra.start(InfraOptions.defaults());
                ServiceProcess gateway = ServiceProcess.start(
                        "gateway-service",
                        root.resolve("gateway-service/target/quarkus-app/quarkus-run.jar"),
                        gatewayConfig(infra),
                        root.resolve("e2e-tests/target/bench-logs/gateway-" + System.nanoTime() + ".log"))) {
            gateway.awaitReady(Duration.ofSeconds(90));
            long heapBefore = heapAfterGc(gateway);

            Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
            HttpClient client = vertx.createHttpClient(
                    new HttpClientOptions().setMaxWebSockets(connections + 10).setMaxWebSocketMessageSize(1 << 20));
            long t0 = System.nanoTime();
            connectAll(client, gateway.port());
            double connectSeconds = (System.nanoTime() - t0) / 1e9;
            long heapIdle = heapAfterGc(gateway);
            double perConnection = (heapIdle - heapBefore) / (double) connections;
            log(
                    "%d connections open and subscribed in %.1f s; gateway heap %.1f MB before, %.1f MB after (%.1f KB per connection)",
                    open.get(), connectSeconds, heapBefore / 1e6, heapIdle / 1e6, perConnection / 1024);

            Thread producer = new Thread(() -> produce(infra.kafkaBootstrapServers()), "bench-producer");
            producer.setDaemon(true);
            producer.start();
            Thread.sleep(warmup * 1000L);
            latency.reset();
            long deliveredStart = delivered.get();
            String loadBefore = loadAverage();
            double cpuBefore = cpuSeconds(gateway.pid());
            double clientCpuBefore = cpuSeconds(ProcessHandle.current().pid());
            measuring = true;
            long start = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            measuring = false;
            double elapsed = (System.nanoTime() - start) / 1e9;
            double gatewayCpu = (cpuSeconds(gateway.pid()) - cpuBefore) / elapsed;
            double clientCpu = (cpuSeconds(ProcessHandle.current().pid()) - clientCpuBefore) / elapsed;
            long got = delivered.get() - deliveredStart;
            Histogram h = latency.getIntervalHistogram();
            long heapLoaded = heapUsed(gateway);
            Map<String, Double> meters = gatewayMeters(gateway);

            double expected = (double) connections * subscriptions * rate / streams;
            System.out.println();
            System.out.println(
                    "| connections | subscriptions each | streams | records/s into pulse.metrics | updates/s per connection"
                            + " | delivered msg/s (expected) | latency p50 / p99 / max (ms) | heap per idle connection | connections held |");
            System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
            System.out.printf(
                    "| %d | %d | %d | %d | %.1f | %.0f (%.0f) | %d / %d / %d | %.1f KB | %d |%n",
                    connections,
                    subscriptions,
                    streams,
                    rate,
                    expected / connections,
                    got / elapsed,
                    expected,
                    h.getValueAtPercentile(50),
                    h.getValueAtPercentile(99),
                    h.getMaxValue(),
                    perConnection / 1024,
                    open.get());
            System.out.printf(
                    "%nsamples %d; CPU: gateway %.0f %%, clients and producer %.0f %% of one core; load average %s"
                            + " before, %s after; gateway heap under load %.1f MB (not after GC); gateway meters: %s%n",
                    h.getTotalCount(),
                    gatewayCpu * 100,
                    clientCpu * 100,
                    loadBefore,
                    loadAverage(),
                    heapLoaded / 1e6,
                    meters);
            client.close();
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private Map<String, String> gatewayConfig(PulseInfra infra) {
        Map<String, String> config = new HashMap<>(infra.quarkusConfig());
        config.put("pulse.gateway.max-connections", String.valueOf(connections + 100));
        config.put("pulse.gateway.max-subscriptions", String.valueOf(Math.max(100, subscriptions)));
        config.put("quarkus.log.level", "WARN");
        return config;
    }

    /** Opens every connection (at most 200 handshakes at a time) and waits for every {@code subscribed}. */
    private void connectAll(HttpClient client, int port) throws InterruptedException {
        CountDownLatch subscribed = new CountDownLatch(connections);
        Semaphore handshakes = new Semaphore(200);
        for (int i = 0; i < connections; i++) {
            handshakes.acquire();
            String subscribe = subscribeFrame(i);
            WebSocketConnectOptions options = new WebSocketConnectOptions()
                    .setHost("127.0.0.1")
                    .setPort(port)
                    .setURI("/ws");
            client.webSocket(options).onComplete(result -> {
                if (result.failed()) {
                    handshakes.release();
                    log("connect failed: %s", result.cause());
                    return;
                }
                WebSocket socket = result.result();
                open.incrementAndGet();
                socket.closeHandler(v -> open.decrementAndGet());
                socket.textMessageHandler(text -> onText(text, socket, subscribe, subscribed, handshakes));
            });
        }
        if (!subscribed.await(10, TimeUnit.MINUTES)) {
            throw new IllegalStateException(subscribed.getCount() + " connections did not get subscribed");
        }
    }

    private void onText(
            String text, WebSocket socket, String subscribe, CountDownLatch subscribed, Semaphore handshakes) {
        if (text.startsWith("{\"type\":\"metrics\"")) {
            delivered.incrementAndGet();
            if (measuring) {
                int at = text.indexOf("\"updated_at\":\"");
                long sent = Instant.parse(text.substring(at + 14, text.indexOf('"', at + 14)))
                        .toEpochMilli();
                latency.recordValue(Math.max(0, System.currentTimeMillis() - sent));
            }
        } else if (text.startsWith("{\"type\":\"welcome\"")) {
            socket.writeTextMessage(subscribe);
        } else if (text.startsWith("{\"type\":\"subscribed\"")) {
            handshakes.release();
            subscribed.countDown();
        }
    }

    private String subscribeFrame(int connection) {
        List<String> names = new ArrayList<>();
        for (int k = 0; k < subscriptions; k++) {
            names.add("\"bench." + ((connection * subscriptions + k) % streams) + "\"");
        }
        return "{\"type\":\"subscribe\",\"streams\":[" + String.join(",", names) + "],\"kinds\":[\"metrics\"]}";
    }

    /** R records per second, round-robin over the streams; record timestamp = updated_at (milliseconds). */
    private void produce(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "1");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        Map<String, ValueStats> values =
                Map.of("latency_ms", new ValueStats(100, 9720.0, 3.1, 2210.0, 97.2, 71.0, 180.2, 240.7, 910.3));
        long[] revisions = new long[streams];
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            // Every 2 ms, the records due by then (sleeping per record would cap the rate at the timer's resolution).
            long start = System.nanoTime();
            long n = 0;
            while (true) {
                long due = (System.nanoTime() - start) * rate / 1_000_000_000L;
                for (; n < due; n++) {
                    int s = (int) (n % streams);
                    long now = System.currentTimeMillis();
                    Instant at = Instant.ofEpochMilli(now);
                    HourlyMetrics m = new HourlyMetrics(
                            "bench." + s,
                            hour,
                            ++revisions[s],
                            0,
                            0.0,
                            Map.of(),
                            1.0,
                            values,
                            hour,
                            at,
                            0,
                            revisions[s],
                            false,
                            at);
                    producer.send(new ProducerRecord<>(Topics.METRICS, null, now, m.stream(), PulseJson.toJson(m)));
                }
                Thread.sleep(2);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The gateway's used heap after two full collections (jcmd GC.run). */
    private static long heapAfterGc(ServiceProcess gateway) throws IOException, InterruptedException {
        for (int i = 0; i < 2; i++) {
            Process gc = new ProcessBuilder(
                            Paths.get(System.getProperty("java.home"), "bin", "jcmd")
                                    .toString(),
                            String.valueOf(gateway.pid()),
                            "GC.run")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            gc.waitFor(60, TimeUnit.SECONDS);
        }
        Thread.sleep(500);
        return heapUsed(gateway);
    }

    private static long heapUsed(ServiceProcess gateway) throws IOException, InterruptedException {
        return (long) gatewayMeters(gateway).getOrDefault("heap", 0.0).doubleValue();
    }

    /** Heap used (all heap pools) and the gateway's own counters, from /q/metrics. */
    private static Map<String, Double> gatewayMeters(ServiceProcess gateway) throws IOException, InterruptedException {
        String text = java.net.http.HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(gateway.uri("/q/metrics")).build(), HttpResponse.BodyHandlers.ofString())
                .body();
        Map<String, Double> meters = new HashMap<>();
        for (String line : text.split("\n")) {
            String name = null;
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                name = "heap";
            } else if (line.startsWith("pulse_gateway_") && !line.startsWith("#")) {
                name = line.substring(0, line.indexOf(line.contains("{") ? '{' : ' '));
            }
            if (name != null) {
                meters.merge(name, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), Double::sum);
            }
        }
        return meters;
    }

    /** CPU time (user + system) of a process so far, from /proc (Linux). */
    private static double cpuSeconds(long pid) throws IOException {
        String stat = java.nio.file.Files.readString(Paths.get("/proc", String.valueOf(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // utime and stime are fields 14 and 15 of the whole line, in clock ticks (100 per second on Linux).
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
    }

    /** The machine's 1-minute load average: other work on the machine moves the latency figures. */
    private static String loadAverage() throws IOException {
        return java.nio.file.Files.readString(Paths.get("/proc/loadavg")).split(" ")[0];
    }

    private static void log(String format, Object... args) {
        System.err.printf("[gateway-load] " + format + "%n", args);
    }
}
