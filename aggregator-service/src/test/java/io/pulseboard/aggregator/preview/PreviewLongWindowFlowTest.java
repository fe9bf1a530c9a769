package io.pulseboard.aggregator.preview;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.pulseboard.aggregator.aggregation.UtcTime;
import io.pulseboard.infra.testkit.PulseInfraTestResource;
import io.pulseboard.infra.testkit.TopicWriter;
import io.pulseboard.model.Topics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The preview of windows of hours over the stored hourly rows on the real broker and database, against
 * a brute force over the events sent; and the bounds of minute windows and offsets (5 h of minutes are
 * kept in tests).
 */
@QuarkusTest
@WithTestResource(PulseInfraTestResource.class)
class PreviewLongWindowFlowTest {

    private static final String PROBLEM = "application/problem+json";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private final String prefix = "prevlong-" + UUID.randomUUID().toString().substring(0, 8);

    private static String rule(String stream, String expr, String window) {
        return """
                {"name": "costly", "stream": "%s", "expr": "%s", "window": "%s", "severity": "warning"}""".formatted(stream, expr, window);
    }

    @Test
    void aDayWindowOverThreeDaysOfHourlyRowsFiresWhereBruteForceSays() {
        String stream = prefix + ".billing";
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        // Late events (accepted up to a day late in tests) in three past hours, and one in the current hour.
        Map<Instant, Double> costs = new LinkedHashMap<>();
        costs.put(now.minus(Duration.ofHours(20)), 5.0);
        costs.put(now.minus(Duration.ofHours(10)), 5.0);
        costs.put(now.minus(Duration.ofHours(3)), 5.0);
        costs.put(now.minusSeconds(1), 10.0);
        try (TopicWriter events = new TopicWriter(bootstrap)) {
            costs.forEach((time, cost) -> events.sendAsync(
                    Topics.EVENTS,
                    stream,
                    "{\"stream\":\"%s\",\"time\":\"%s\",\"status\":\"ok\",\"values\":{\"cost_usd\":%s}}"
                            .formatted(stream, time, cost)));
            events.flush();
        }

        // Three days back: beyond the minutes kept, allowed for a window of hours.
        Instant from = now.minus(Duration.ofDays(3));
        for (String[] r : new String[][] {{"24h", "12"}, {"3h", "4"}}) {
            int hours = Integer.parseInt(r[0].replace("h", ""));
            double threshold = Double.parseDouble(r[1]);
            String body = "{\"rule\": %s, \"from\": \"%s\", \"to\": \"%s\", \"step\": \"1h\"}"
                    .formatted(
                            rule(prefix + ".*", "sum(cost_usd) > " + r[1], r[0]),
                            from,
                            now.plus(Duration.ofMinutes(2)));
            // The hourly rows are stored a little after the events are counted: wait for the answer to settle.
            JsonPath preview = Awaitility.await("the preview of the " + r[0] + " rule")
                    .atMost(Duration.ofSeconds(30))
                    .until(
                            () -> post(body).statusCode(200).extract().jsonPath(),
                            p -> p.getList("streams.stream").equals(List.of(stream))
                                    && p.getList("streams[0].alerts").equals(expected(p, costs, hours, threshold)));

            assertThat(preview.getString("from")).isEqualTo(from.toString());
            assertThat(preview.getString("step")).isEqualTo("1h");
            List<Map<String, Object>> alerts = expected(preview, costs, hours, threshold);
            assertThat(alerts).as("the " + r[0] + " rule fires").isNotEmpty();
            if (hours == 3) {
                assertThat(alerts).as("and resolves as hours leave its window").hasSizeGreaterThanOrEqualTo(2);
                assertThat(alerts.get(0).get("resolved_at")).isNotNull();
            }
            Instant to = Instant.parse(preview.getString("to"));
            assertThat(preview.getLong("evaluations")).isEqualTo(Replay.instants(from, to, Duration.ofHours(1)));
        }

        // Without a step, a window of hours is evaluated every 15 minutes.
        post("{\"rule\": %s, \"from\": \"%s\", \"to\": \"%s\"}"
                        .formatted(rule(prefix + ".*", "sum(cost_usd) > 12", "24h"), from, now))
                .statusCode(200)
                .body("step", org.hamcrest.Matchers.equalTo("15m"));
    }

    /**
     * The alerts a rule of {@code hours} hours, {@code sum(cost_usd) > threshold}, without for and
     * resolve, raises at the answer's instants, by brute force over the events sent: at each instant
     * the costs of the hours from {@code hours - 1} before its hour to its hour, added up afresh.
     */
    private static List<Map<String, Object>> expected(
            JsonPath preview, Map<Instant, Double> costs, int hours, double threshold) {
        Instant from = Instant.parse(preview.getString("from"));
        Instant to = Instant.parse(preview.getString("to"));
        List<Instant> instants = new ArrayList<>();
        for (Instant t = from; t.isBefore(to); t = t.plus(Duration.ofHours(1))) {
            instants.add(t);
        }
        instants.add(to);
        List<Map<String, Object>> alerts = new ArrayList<>();
        Map<String, Object> open = null;
        double max = 0;
        for (Instant t : instants) {
            Instant last = UtcTime.hourOf(t);
            Instant first = last.minus(Duration.ofHours(hours - 1L));
            double sum = 0;
            boolean any = false;
            for (Map.Entry<Instant, Double> e : costs.entrySet()) {
                Instant h = UtcTime.hourOf(e.getKey());
                if (!h.isBefore(first) && !h.isAfter(last)) {
                    sum += e.getValue();
                    any = true;
                }
            }
            if (any && sum > threshold) {
                if (open == null) {
                    open = new HashMap<>();
                    open.put("pending_at", t.toString());
                    open.put("firing_at", t.toString());
                    open.put("resolved_at", null);
                    max = sum;
                }
                max = Math.max(max, sum);
                open.put("max_value", (float) max);
            } else if (open != null) {
                open.put("resolved_at", t.toString());
                alerts.add(open);
                open = null;
            }
        }
        if (open != null) {
            alerts.add(open);
        }
        return alerts;
    }

    @Test
    void aMinuteWindowStillReachesBackOnlyAsFarAsTheMinutesKept() {
        Instant now = Instant.now();
        Instant oldest = Instant.parse(post("{\"rule\": %s, \"from\": \"%s\", \"to\": \"%s\"}"
                        .formatted(rule(prefix + ".*", "sum(cost_usd) > 1", "60m"), now.minus(Duration.ofDays(3)), now))
                .statusCode(400)
                .contentType(PROBLEM)
                .body("detail", containsString("kept 5 h (pulse.retention.minutes)"))
                .extract()
                .path("oldest_from"));
        // 5 h of minutes kept, less the 60-minute window.
        assertThat(Duration.between(oldest, now).minus(Duration.ofHours(4)).abs())
                .isLessThanOrEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void anOffsetWhoseEarlierWindowIsNoLongerKeptIsRefused() {
        Instant now = Instant.now();
        Instant from = now.minus(Duration.ofMinutes(270)); // 4 h 30 min back, of the 5 h of minutes kept
        // Without offset, the window at from is kept.
        post("{\"rule\": %s, \"from\": \"%s\", \"to\": \"%s\"}"
                        .formatted(rule(prefix + ".*", "count > 100", "5m"), from, now))
                .statusCode(200);
        // With offset 1h, the window it is compared with reaches 5 h 35 min back.
        Instant oldest = Instant.parse(post("{\"rule\": %s, \"from\": \"%s\", \"to\": \"%s\"}"
                        .formatted(rule(prefix + ".*", "count > 2 * count offset 1h", "5m"), from, now))
                .statusCode(400)
                .contentType(PROBLEM)
                .body("detail", containsString("is before the oldest allowed"))
                .body("detail", containsString("(offset 1h), which must be kept too"))
                .extract()
                .path("oldest_from"));
        assertThat(Duration.between(oldest, now)
                        .minus(Duration.ofMinutes(5 * 60 - 5 - 60))
                        .abs())
                .isLessThanOrEqualTo(Duration.ofSeconds(60));
    }

    private static ValidatableResponse post(String body) {
        return given().contentType(ContentType.JSON)
                .body(body)
                .post("/api/rules/preview")
                .then();
    }
}
