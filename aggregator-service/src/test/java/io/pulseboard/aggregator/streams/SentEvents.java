package io.pulseboard.aggregator.streams;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.pulseboard.model.HourlyMetrics;
import io.pulseboard.model.ValueStats;
import io.pulseboard.model.json.PulseJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** Events a test sends with one value, and history rows checked against a brute-force count of them. */
final class SentEvents {

    private static final double[] QS = {0.50, 0.90, 0.95, 0.99};

    record Sent(String stream, Instant time, boolean error, String errorType, double latency) {

        byte[] json() {
            String status = error ? "\"status\":\"error\",\"error_type\":\"" + errorType + "\"," : "";
            return ("{\"stream\":\"" + stream + "\",\"time\":\"" + time + "\"," + status + "\"values\":{\"latency_ms\":"
                            + latency + "}}")
                    .getBytes(StandardCharsets.UTF_8);
        }
    }

    private SentEvents() {}

    /** Counts, errors by type and latency statistics of {@code m} are those of {@code events}; first and last event too, for hours. */
    static void assertMatches(HourlyMetrics m, List<Sent> events) {
        String what = m.stream() + " at " + m.hour();
        assertThat(m.count()).as("count of %s", what).isEqualTo(events.size());
        assertThat(m.errors())
                .as("errors of %s", what)
                .isEqualTo(events.stream().filter(Sent::error).count());
        Map<String, Long> byType = new TreeMap<>();
        events.stream().filter(Sent::error).forEach(e -> byType.merge(e.errorType(), 1L, Long::sum));
        assertThat(m.errorsByType()).as("errors by type of %s", what).isEqualTo(byType);
        if (m.firstEvent() != null) {
            assertThat(m.firstEvent())
                    .isEqualTo(events.stream()
                            .map(Sent::time)
                            .min(Instant::compareTo)
                            .orElseThrow());
            assertThat(m.lastEvent())
                    .isEqualTo(events.stream()
                            .map(Sent::time)
                            .max(Instant::compareTo)
                            .orElseThrow());
        }
        double[] sorted = events.stream().mapToDouble(Sent::latency).sorted().toArray();
        ValueStats v = m.values().get("latency_ms");
        assertThat(v.count()).isEqualTo(sorted.length);
        assertThat(v.sum())
                .as("sum of %s", what)
                .isCloseTo(Arrays.stream(sorted).sum(), within(1e-9));
        assertThat(v.min()).isEqualTo(sorted[0]);
        assertThat(v.max()).isEqualTo(sorted[sorted.length - 1]);
        Double[] estimates = {v.p50(), v.p90(), v.p95(), v.p99()};
        for (int i = 0; i < QS.length; i++) {
            double exact = sorted[(int) Math.floor(QS[i] * (sorted.length - 1))];
            assertThat(estimates[i])
                    .as("p%s of %s", (int) (QS[i] * 100), what)
                    .isCloseTo(exact, within(exact * 0.01 + 1e-9));
        }
    }

    static <K extends Comparable<K>> Map<K, List<Sent>> group(List<Sent> events, Function<Sent, K> key) {
        Map<K, List<Sent>> out = new TreeMap<>();
        events.forEach(
                e -> out.computeIfAbsent(key.apply(e), k -> new ArrayList<>()).add(e));
        return out;
    }

    /** {@code GET /api/streams/{stream}/metrics} with {@code query}, which must answer 200. */
    static MetricsPage page(String stream, Map<String, String> query) throws Exception {
        byte[] body = given().queryParams(query)
                .get("/api/streams/{s}/metrics", stream)
                .then()
                .statusCode(200)
                .extract()
                .asByteArray();
        return PulseJson.mapper().readValue(body, MetricsPage.class);
    }
}
