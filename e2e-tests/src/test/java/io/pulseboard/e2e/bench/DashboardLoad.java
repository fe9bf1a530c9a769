package io.pulseboard.e2e.bench;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import io.pulseboard.e2e.Chromium;
import io.pulseboard.infra.InfraOptions;
import io.pulseboard.infra.PulseInfra;
import io.pulseboard.infra.ServiceProcess;
import io.pulseboard.model.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;

/**
 * How fast the dashboard's first view is usable: a fresh broker and database, the built aggregator and
 * gateway as processes, S streams with events, then R page loads in a fresh headless chromium context
 * each (nothing cached). Per load: the time from navigation start to the overview showing every stream
 * with its numbers (the page's {@code pulseboard:usable} mark), to every card being live (the
 * WebSocket snapshot arrived), and to every card's sparkline showing its last 60 minutes.
 *
 * <pre>bench/dashboard-load.sh --streams 20 --runs 10</pre>
 */
public final class DashboardLoad {

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new HashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        }
        int streams = Integer.parseInt(args.getOrDefault("streams", "20"));
        int runs = Integer.parseInt(args.getOrDefault("runs", "10"));
        Path root = Paths.get(System.getProperty("pulse.repository.root", "."))
                .toAbsolutePath()
                .normalize();
        Path logs = root.resolve("e2e-tests/target/bench-logs");
        try (PulseInfra infra = PulseInfra.start(InfraOptions.defaults());
                ServiceProcess aggregator = ServiceProcess.start(
                        "aggregator-service",
                        root.resolve("aggregator-service/target/quarkus-app/quarkus-run.jar"),
                        with(infra, Map.of("pulse.aggregator.persist-interval", "500ms")),
                        logs.resolve("aggregator-" + System.nanoTime() + ".log"))) {
            aggregator.awaitReady(Duration.ofSeconds(90));
            try (ServiceProcess gateway = ServiceProcess.start(
                    "gateway-service",
                    root.resolve("gateway-service/target/quarkus-app/quarkus-run.jar"),
                    with(
                            infra,
                            Map.of(
                                    "pulse.gateway.aggregator.url",
                                    aggregator.uri("").toString())),
                    logs.resolve("gateway-" + System.nanoTime() + ".log"))) {
                gateway.awaitReady(Duration.ofSeconds(90));
                produce(infra, streams);
                awaitStreams(aggregator, streams);
                measure(gateway, streams, runs);
            }
        }
        System.exit(0);
    }

    private static Map<String, String> with(PulseInfra infra, Map<String, String> extra) {
        Map<String, String> config = new HashMap<>(infra.quarkusConfig());
        config.putAll(extra);
        return config;
    }

    private static void produce(PulseInfra infra, int streams) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < streams * 50; i++) {
                String stream = "bench.s" + (i % streams);
                String json = "{\"stream\":\"" + stream + "\",\"time\":\"" + Instant.now() + "\",\"status\":\""
                        + (i % 20 == 0 ? "error" : "ok") + "\",\"values\":{\"latency_ms\":" + (i % 300) + ",\"tokens\":"
                        + (i % 64) + "}}";
                producer.send(new ProducerRecord<>(Topics.EVENTS, stream, json));
            }
            producer.flush();
        }
    }

    private static void awaitStreams(ServiceProcess aggregator, int streams) {
        HttpClient http = HttpClient.newHttpClient();
        Awaitility.await("the aggregator listing " + streams + " streams")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    String body = http.send(
                                    HttpRequest.newBuilder(aggregator.uri("/api/streams"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .body();
                    return body.split("\"stream\":").length - 1 >= streams;
                });
    }

    private static void measure(ServiceProcess gateway, int streams, int runs) {
        URI page = gateway.uri("/");
        List<Double> usable = new ArrayList<>();
        List<Double> live = new ArrayList<>();
        List<Double> minutes = new ArrayList<>();
        List<Double> loaded = new ArrayList<>();
        try (Playwright playwright = Chromium.playwright();
                Browser browser = Chromium.launch(playwright)) {
            for (int run = 0; run <= runs; run++) {
                try (BrowserContext context = browser.newContext()) {
                    Page tab = context.newPage();
                    tab.navigate(page.toString());
                    // Locator waits and evaluate only: the page's CSP forbids the eval that waitForFunction would need.
                    tab.locator("#cards article.card").nth(streams - 1).waitFor();
                    // The mark carries its own time: how often it is looked for does not change the number. Playwright
                    // is called from this thread only; 30 s as the locator waits.
                    Awaitility.await("the pulseboard:usable mark")
                            .atMost(Duration.ofSeconds(30))
                            .pollInSameThread()
                            .pollInterval(Duration.ofMillis(5))
                            .until(() ->
                                    ((Number) tab.evaluate("performance.getEntriesByName('pulseboard:usable').length"))
                                                    .intValue()
                                            > 0);
                    double usableMs = ((Number)
                                    tab.evaluate("performance.getEntriesByName('pulseboard:usable')[0].startTime"))
                            .doubleValue();
                    tab.locator("#cards article.card[data-live=true]")
                            .nth(streams - 1)
                            .waitFor();
                    double liveMs = ((Number) tab.evaluate("performance.now()")).doubleValue();
                    // A sparkline prints the top of its scale once it is drawn from the stream's minutes.
                    tab.locator("#cards article.card [data-field=spark-max]:not(:empty)")
                            .nth(streams - 1)
                            .waitFor();
                    double minutesMs = ((Number) tab.evaluate("performance.now()")).doubleValue();
                    double loadedMs = ((Number) tab.evaluate(
                                    "performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd"))
                            .doubleValue();
                    if (run > 0) { // the first load warms the gateway and the JIT
                        loaded.add(loadedMs);
                        usable.add(usableMs);
                        live.add(liveMs);
                        minutes.add(minutesMs);
                    }
                }
            }
        }
        System.out.printf("streams %d, %d page loads (after one warm-up), each in a fresh context%n", streams, runs);
        System.out.printf(
                "page and script loaded (DOMContentLoaded):        median %.0f ms, max %.0f ms%n",
                median(loaded), max(loaded));
        System.out.printf(
                "first view usable (every card with its numbers): median %.0f ms, max %.0f ms%n",
                median(usable), max(usable));
        System.out.printf(
                "every card live (WebSocket snapshot in):         median %.0f ms, max %.0f ms%n",
                median(live), max(live));
        System.out.printf(
                "every sparkline with its last 60 minutes:        median %.0f ms, max %.0f ms%n",
                median(minutes), max(minutes));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }
}
