package io.pulseboard.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulseboard.infra.ServiceProcess;
import io.pulseboard.model.HourlyMetrics;
import io.pulseboard.model.json.PulseJson;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two aggregator instances in one consumer group share the partitions of pulse.events, and the
 * totals stay exact while they do, while one leaves (a clean stop hands its partitions over) and
 * when it joins again. Either instance answers the REST API for every stream.
 */
class AggregatorScaleOutIT {

    private static final String PREFIX = "scale";
    private static final int STREAMS = 12;
    private static final int EVENTS = 24_000;
    private static final Map<String, String> CONFIG = Map.of(
            "pulse.aggregator.persist-interval", "500ms",
            "pulse.aggregator.lag-interval", "300ms",
            "mp.messaging.incoming.events.session.timeout.ms", "6000",
            "mp.messaging.incoming.events.heartbeat.interval.ms", "1000");
    private static final Pattern LAG_ROW =
            Pattern.compile("^pulse_aggregator_consumer_lag\\{partition=\"(\\d+)\"}", Pattern.MULTILINE);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static final InfraExtension infra = new InfraExtension();

    @Test
    void twoInstancesSharePartitionsAndCountExactly() throws Exception {
        int partitions = infra.get().options().partitions();
        ServiceProcess first = Stack.start("aggregator-service", infra.get(), CONFIG);
        ServiceProcess second = Stack.start("aggregator-service", infra.get(), CONFIG);
        first.awaitReady(Stack.START_TIMEOUT);
        second.awaitReady(Stack.START_TIMEOUT);
        // About 800 events/s for 30 s: production spans the leave and the rejoin.
        PacedProducer producer = new PacedProducer(infra.get(), PREFIX, STREAMS, EVENTS, 800).start();

        awaitSplit(first, second, partitions);
        awaitStored(EVENTS / 3);
        first.close(); // SIGTERM: a final checkpoint, then its partitions move to the other instance
        awaitOwned(second, partitions);
        awaitStored(2 * EVENTS / 3);
        ServiceProcess again =
                Stack.start("aggregator-service", infra.get(), CONFIG).awaitReady(Stack.START_TIMEOUT);
        awaitSplit(again, second, partitions);

        Map<String, Long> sent = producer.finish(Duration.ofMinutes(3));
        try (ServiceProcess a = again;
                ServiceProcess b = second) {
            assertThat(StoredCounts.awaitEqual(infra.get(), PREFIX, sent, Duration.ofMinutes(2)))
                    .as("counts in PostgreSQL")
                    .isEqualTo(sent);
            // Either instance answers for every stream, including those the other one counts.
            Map<String, Long> viaA = new HashMap<>();
            Map<String, Long> viaB = new HashMap<>();
            for (int s = 0; s < STREAMS; s++) {
                viaA.putAll(restCounts(a, PREFIX + ".s" + s));
                viaB.putAll(restCounts(b, PREFIX + ".s" + s));
            }
            assertThat(viaA).as("counts over REST, first instance").isEqualTo(sent);
            assertThat(viaB).as("counts over REST, second instance").isEqualTo(sent);
        }
    }

    /** Waits until each instance owns some partitions, none owned twice, all owned. */
    private static void awaitSplit(ServiceProcess a, ServiceProcess b, int partitions) {
        Awaitility.await("the instances splitting the " + partitions + " partitions")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    Set<Integer> ofA = owned(a);
                    Set<Integer> ofB = owned(b);
                    Set<Integer> both = new HashSet<>(ofA);
                    both.retainAll(ofB);
                    Set<Integer> all = new TreeSet<>(ofA);
                    all.addAll(ofB);
                    assertThat(!ofA.isEmpty() && !ofB.isEmpty() && both.isEmpty() && all.size() == partitions)
                            .as("split into %s and %s", ofA, ofB)
                            .isTrue();
                });
    }

    private static void awaitOwned(ServiceProcess service, int partitions) {
        Awaitility.await("the remaining instance taking every partition")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> owned(service), owned -> owned.size() == partitions);
    }

    private static void awaitStored(long events) {
        StoredCounts.awaitTotal(infra.get(), PREFIX, events, Duration.ofMinutes(2));
    }

    /** The partitions an instance owns, from its per-partition consumer lag gauge. */
    private static Set<Integer> owned(ServiceProcess service) throws Exception {
        String metrics = HTTP.send(
                        HttpRequest.newBuilder(service.uri("/q/metrics")).build(), HttpResponse.BodyHandlers.ofString())
                .body();
        Set<Integer> out = new TreeSet<>();
        Matcher m = LAG_ROW.matcher(metrics);
        while (m.find()) {
            out.add(Integer.parseInt(m.group(1)));
        }
        return out;
    }

    /** A stream's hourly counts from {@code GET /api/streams/{stream}/metrics}, as {@code stream@hour}. */
    private static Map<String, Long> restCounts(ServiceProcess service, String stream) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(service.uri("/api/streams/" + stream + "/metrics"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode())
                .as("GET metrics of %s: %s", stream, response.body())
                .isEqualTo(200);
        JsonNode page = PulseJson.mapper().readTree(response.body());
        Map<String, Long> out = new HashMap<>();
        for (JsonNode row : page.get("metrics")) {
            HourlyMetrics m = PulseJson.mapper().treeToValue(row, HourlyMetrics.class);
            out.put(m.stream() + "@" + m.hour(), m.count());
        }
        return out;
    }
}
