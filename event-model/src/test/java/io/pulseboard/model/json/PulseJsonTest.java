package io.pulseboard.model.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pulseboard.model.Alert;
import io.pulseboard.model.AlertRule;
import io.pulseboard.model.AlertState;
import io.pulseboard.model.Event;
import io.pulseboard.model.HourlyMetrics;
import io.pulseboard.model.Severity;
import io.pulseboard.model.Status;
import io.pulseboard.model.ValueStats;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The records against the JSON examples of DESIGN.md ("…" placeholders filled in). */
class PulseJsonTest {

    static final String EVENT = """
      {
        "stream": "checkout.api",
        "time": "2026-11-22T10:15:30.123Z",
        "status": "error",
        "error_type": "timeout",
        "values": {"latency_ms": 812.5, "tokens": 512, "cost_usd": 0.0021},
        "tags": {"region": "eu-west", "model": "m-large"},
        "message": "upstream timed out after 800 ms",
        "source": "producer-7",
        "id": "01JD0000000000000000000000"
      }
      """;

    static final String METRICS = """
      {
        "stream": "checkout.api",
        "hour": "2026-11-22T10:00:00Z",
        "count": 12345, "errors": 12, "error_rate": 0.000972,
        "errors_by_type": {"timeout": 10, "http_500": 2},
        "rate_per_s": 3.43,
        "values": {"latency_ms": {"count": 12340, "sum": 1.2e6, "min": 3.1, "max": 2210.0,
                                  "mean": 97.2, "p50": 71.0, "p90": 180.2, "p95": 240.7, "p99": 910.3}},
        "first_event": "2026-11-22T10:00:00.412Z", "last_event": "2026-11-22T10:59:58.001Z",
        "late_events": 0,
        "revision": 57, "final": false, "updated_at": "2026-11-22T10:59:58.101Z"
      }
      """;

    static final String RULE = """
      {
        "name": "checkout p95 latency",
        "stream": "checkout.*",
        "expr": "p95(latency_ms) > 500",
        "window": "5m",
        "for": "1m",
        "keep_firing_for": "2m",
        "resolve": "p95(latency_ms) < 400",
        "severity": "critical",
        "enabled": true,
        "description": "p95 latency of checkout above 500 ms",
        "labels": {"team": "payments"},
        "webhook": "http://hooks.example.internal/alerts"
      }
      """;

    static final String ALERT = """
      {
        "id": "a-17", "rule_id": "r-3", "rule_name": "checkout p95 latency", "stream": "checkout.api",
        "severity": "critical", "state": "firing", "expr": "p95(latency_ms) > 500",
        "value": 612.3, "threshold": 500,
        "pending_at": "2026-11-22T10:14:00Z", "firing_at": "2026-11-22T10:15:00Z", "resolved_at": null,
        "acknowledged_by": null, "acknowledged_at": null, "comment": null,
        "labels": {"team": "payments"}, "revision": 3
      }
      """;

    /** Numbers compare by value: the examples write 512 where Java writes 512.0. */
    static final Comparator<JsonNode> SAME_JSON = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return Double.compare(a.doubleValue(), b.doubleValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    /** Reads the example, writes it back, and checks that nothing was lost, added or changed. */
    static <T> T roundTrip(String example, Class<T> type) throws Exception {
        T record = PulseJson.fromJson(example, type);
        JsonNode written = PulseJson.mapper().readTree(PulseJson.toJson(record));
        assertThat(written.equals(SAME_JSON, PulseJson.mapper().readTree(example)))
                .as("written %s", written)
                .isTrue();
        assertThat(PulseJson.fromJson(PulseJson.toBytes(record), type)).isEqualTo(record);
        return record;
    }

    @Test
    void eventRoundTrip() throws Exception {
        Event event = roundTrip(EVENT, Event.class);

        assertThat(event.stream()).isEqualTo("checkout.api");
        assertThat(event.time()).isEqualTo(Instant.parse("2026-11-22T10:15:30.123Z"));
        assertThat(event.status()).isEqualTo(Status.ERROR);
        assertThat(event.errorType()).isEqualTo("timeout");
        assertThat(event.values())
                .containsExactly(
                        Map.entry("latency_ms", 812.5), Map.entry("tokens", 512.0), Map.entry("cost_usd", 0.0021));
        assertThat(event.tags()).containsExactly(Map.entry("region", "eu-west"), Map.entry("model", "m-large"));
        assertThat(event.message()).isEqualTo("upstream timed out after 800 ms");
        assertThat(event.source()).isEqualTo("producer-7");
        assertThat(event.id()).isEqualTo("01JD0000000000000000000000");
    }

    @Test
    void eventWithoutMessageIsTheEightFieldEventAndWithSourceKeepsTheRest() {
        Event plain = new Event("a", Instant.EPOCH, Status.ERROR, "timeout", Map.of("x", 1.0), Map.of(), "p", "1");
        assertThat(plain.message()).isNull();
        assertThat(plain)
                .isEqualTo(new Event(
                        "a", Instant.EPOCH, Status.ERROR, "timeout", Map.of("x", 1.0), Map.of(), null, "p", "1"));

        Event withMessage = new Event(
                "a", Instant.EPOCH, Status.ERROR, "timeout", Map.of("x", 1.0), Map.of("k", "v"), "it broke", null, "1");
        assertThat(withMessage.withSource("producer-7"))
                .isEqualTo(new Event(
                        "a",
                        Instant.EPOCH,
                        Status.ERROR,
                        "timeout",
                        Map.of("x", 1.0),
                        Map.of("k", "v"),
                        "it broke",
                        "producer-7",
                        "1"));
    }

    @Test
    void eventWritesFieldsInContractOrderAndOmitsNulls() {
        Event event = new Event(
                "a", Instant.parse("2026-11-22T10:15:30Z"), Status.OK, null, Map.of("x", 1.5), null, null, null);

        assertThat(PulseJson.toJson(event))
                .isEqualTo(
                        "{\"stream\":\"a\",\"time\":\"2026-11-22T10:15:30Z\",\"status\":\"ok\",\"values\":{\"x\":1.5},\"tags\":{}}");
        Event full = new Event(
                "a",
                Instant.parse("2026-11-22T10:15:30Z"),
                Status.ERROR,
                "timeout",
                Map.of(),
                Map.of(),
                "slow",
                "p",
                "1");
        assertThat(PulseJson.toJson(full))
                .isEqualTo("{\"stream\":\"a\",\"time\":\"2026-11-22T10:15:30Z\","
                        + "\"status\":\"error\",\"error_type\":\"timeout\",\"values\":{},\"tags\":{},\"message\":\"slow\","
                        + "\"source\":\"p\",\"id\":\"1\"}");
    }

    @Test
    void metricsRoundTrip() throws Exception {
        HourlyMetrics metrics = roundTrip(METRICS, HourlyMetrics.class);

        assertThat(metrics.hour()).isEqualTo(Instant.parse("2026-11-22T10:00:00Z"));
        assertThat(metrics.errorRate()).isEqualTo(0.000972);
        assertThat(metrics.errorsByType()).containsExactly(Map.entry("timeout", 10L), Map.entry("http_500", 2L));
        assertThat(metrics.ratePerS()).isEqualTo(3.43);
        assertThat(metrics.values().get("latency_ms"))
                .isEqualTo(new ValueStats(12340, 1.2e6, 3.1, 2210.0, 97.2, 71.0, 180.2, 240.7, 910.3));
        assertThat(metrics.firstEvent()).isEqualTo(Instant.parse("2026-11-22T10:00:00.412Z"));
        assertThat(metrics.lastEvent()).isEqualTo(Instant.parse("2026-11-22T10:59:58.001Z"));
        assertThat(metrics.lateEvents()).isZero();
        assertThat(metrics.revision()).isEqualTo(57);
        assertThat(metrics.isFinal()).isFalse();
        assertThat(metrics.updatedAt()).isEqualTo(Instant.parse("2026-11-22T10:59:58.101Z"));
    }

    @Test
    void finalMetricsAndMissingPercentiles() throws Exception {
        String json = METRICS.replace("\"final\": false", "\"final\": true")
                .replace(", \"p50\": 71.0, \"p90\": 180.2, \"p95\": 240.7, \"p99\": 910.3", "");

        HourlyMetrics metrics = roundTrip(json, HourlyMetrics.class);

        assertThat(metrics.isFinal()).isTrue();
        assertThat(metrics.values().get("latency_ms").p50()).isNull();
        assertThat(PulseJson.toJson(metrics)).contains("\"final\":true").doesNotContain("p50");
    }

    @Test
    void alertRoundTripKeepsExplicitNulls() throws Exception {
        Alert alert = roundTrip(ALERT, Alert.class);

        assertThat(alert.ruleId()).isEqualTo("r-3");
        assertThat(alert.ruleName()).isEqualTo("checkout p95 latency");
        assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(alert.state()).isEqualTo(AlertState.FIRING);
        assertThat(alert.value()).isEqualTo(612.3);
        assertThat(alert.threshold()).isEqualTo(500.0);
        assertThat(alert.pendingAt()).isEqualTo(Instant.parse("2026-11-22T10:14:00Z"));
        assertThat(alert.firingAt()).isEqualTo(Instant.parse("2026-11-22T10:15:00Z"));
        assertThat(alert.resolvedAt()).isNull();
        assertThat(alert.labels()).containsExactly(Map.entry("team", "payments"));
        assertThat(alert.revision()).isEqualTo(3);
        assertThat(PulseJson.toJson(alert)).contains("\"resolved_at\":null", "\"acknowledged_by\":null");
    }

    @Test
    void acknowledgedAlert() throws Exception {
        String json = ALERT.replace("\"state\": \"firing\"", "\"state\": \"resolved\"")
                .replace("\"resolved_at\": null", "\"resolved_at\": \"2026-11-22T11:00:00Z\"")
                .replace("\"acknowledged_by\": null", "\"acknowledged_by\": \"ana\"")
                .replace("\"acknowledged_at\": null", "\"acknowledged_at\": \"2026-11-22T10:20:00Z\"")
                .replace("\"comment\": null", "\"comment\": \"looking\"");

        Alert alert = roundTrip(json, Alert.class);

        assertThat(alert.state()).isEqualTo(AlertState.RESOLVED);
        assertThat(alert.acknowledgedBy()).isEqualTo("ana");
        assertThat(alert.acknowledgedAt()).isEqualTo(Instant.parse("2026-11-22T10:20:00Z"));
        assertThat(alert.comment()).isEqualTo("looking");
    }

    @Test
    void ruleRoundTrip() throws Exception {
        AlertRule rule = roundTrip(RULE, AlertRule.class);

        assertThat(rule.id()).isNull();
        assertThat(rule.name()).isEqualTo("checkout p95 latency");
        assertThat(rule.stream()).isEqualTo("checkout.*");
        assertThat(rule.expr()).isEqualTo("p95(latency_ms) > 500");
        assertThat(rule.window()).isEqualTo("5m");
        assertThat(rule.forDuration()).isEqualTo("1m");
        assertThat(rule.keepFiringFor()).isEqualTo("2m");
        assertThat(rule.resolve()).isEqualTo("p95(latency_ms) < 400");
        assertThat(rule.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(rule.enabled()).isTrue();
        assertThat(rule.description()).isEqualTo("p95 latency of checkout above 500 ms");
        assertThat(rule.labels()).containsExactly(Map.entry("team", "payments"));
        assertThat(rule.webhook()).isEqualTo("http://hooks.example.internal/alerts");
    }

    @Test
    void aRuleNamingAReceiver() throws Exception {
        // Written before receivers existed: none. Naming one: kept through a round trip.
        assertThat(roundTrip(RULE, AlertRule.class).receiver()).isNull();
        String json = RULE.replace(
                "\"webhook\": \"http://hooks.example.internal/alerts\"", "\"receiver\": \"payments-slack\"");
        AlertRule rule = roundTrip(json, AlertRule.class);
        assertThat(rule.receiver()).isEqualTo("payments-slack");
        assertThat(rule.webhook()).isNull();
    }

    @Test
    void storedRuleRoundTrip() throws Exception {
        String json = RULE.replaceFirst("\\{", """
        {"id": "r-3", "created_at": "2026-11-01T08:00:00Z", "updated_at": "2026-11-02T09:30:00Z",
         "version": 4,""");

        AlertRule rule = roundTrip(json, AlertRule.class);

        assertThat(rule.id()).isEqualTo("r-3");
        assertThat(rule.createdAt()).isEqualTo(Instant.parse("2026-11-01T08:00:00Z"));
        assertThat(rule.updatedAt()).isEqualTo(Instant.parse("2026-11-02T09:30:00Z"));
        assertThat(rule.version()).isEqualTo(4L);
    }

    @Test
    void ruleDefaults() {
        AlertRule rule = PulseJson.fromJson("""
        {"name": "silent", "stream": "checkout.**", "expr": "count < 1", "severity": "warning"}
        """, AlertRule.class);

        assertThat(rule.window()).isEqualTo(AlertRule.DEFAULT_WINDOW).isEqualTo("5m");
        assertThat(rule.enabled()).isTrue();
        assertThat(rule.labels()).isEmpty();
        assertThat(rule.forDuration()).isNull();
        assertThat(PulseJson.fromJson("{\"enabled\": false}", AlertRule.class).enabled())
                .isFalse();
    }

    @Test
    void outputRecordsIgnoreFieldsAddedLater() {
        assertThat(PulseJson.fromJson(METRICS.replaceFirst("\\{", "{\"new_field\": 1,"), HourlyMetrics.class)
                        .count())
                .isEqualTo(12345);
        assertThat(PulseJson.fromJson(ALERT.replaceFirst("\\{", "{\"new_field\": {},"), Alert.class)
                        .revision())
                .isEqualTo(3);
        assertThat(PulseJson.fromJson(RULE.replaceFirst("\\{", "{\"new_field\": [],"), AlertRule.class)
                        .name())
                .isEqualTo("checkout p95 latency");
        assertThat(PulseJson.fromJson("{\"count\": 1, \"p42\": 3}", ValueStats.class)
                        .count())
                .isEqualTo(1);
    }

    @Test
    void eventsFromPulseJsonAreNotGuessed() {
        // Events from outside go through EventParser; the codec refuses what it does not know.
        assertThatThrownBy(() -> PulseJson.fromJson("{\"stream\": \"a\", \"valuess\": {}}", Event.class))
                .isInstanceOf(UncheckedIOException.class);
        assertThatThrownBy(() -> PulseJson.fromJson("{\"stream\": \"a\", \"status\": \"OK\"}", Event.class))
                .isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void enumsAreLowercase() {
        assertThat(PulseJson.toJson(List.of(Status.OK, Status.ERROR))).isEqualTo("[\"ok\",\"error\"]");
        assertThat(PulseJson.toJson(Severity.values())).isEqualTo("[\"info\",\"warning\",\"critical\"]");
        assertThat(PulseJson.toJson(AlertState.values()))
                .isEqualTo("[\"inactive\",\"pending\",\"firing\",\"resolved\"]");
        assertThat(PulseJson.fromJson("\"pending\"", AlertState.class)).isEqualTo(AlertState.PENDING);
    }

    @Test
    void integerTimesAreEpochMilliseconds() {
        Event event = PulseJson.fromJson("{\"stream\": \"a\", \"time\": 1795342530123}", Event.class);

        assertThat(event.time()).isEqualTo(Instant.ofEpochMilli(1795342530123L));
    }

    @Test
    void recordsNeverHoldNullMaps() {
        Event event = PulseJson.fromJson("{\"stream\": \"a\"}", Event.class);

        assertThat(event.values()).isEmpty();
        assertThat(event.tags()).isEmpty();
        assertThat(event.status()).isEqualTo(Status.OK);
        assertThat(PulseJson.fromJson("{}", HourlyMetrics.class).values()).isEmpty();
        assertThat(PulseJson.fromJson("{}", Alert.class).labels()).isEmpty();
    }

    @Test
    void configureGivesAnyMapperTheSameJson() throws Exception {
        ObjectMapper own = PulseJson.configure(new ObjectMapper());
        for (var example : List.of(
                Map.entry(EVENT, Event.class),
                Map.entry(METRICS, HourlyMetrics.class),
                Map.entry(ALERT, Alert.class),
                Map.entry(RULE, AlertRule.class))) {
            Object record = own.readValue(example.getKey(), example.getValue());

            assertThat(record).isEqualTo(PulseJson.fromJson(example.getKey(), example.getValue()));
            assertThat(own.writeValueAsString(record)).isEqualTo(PulseJson.toJson(record));
        }
    }

    @Test
    void charactersOutsideTheBmpAreWrittenAsUtf8() {
        Event event = new Event("a", null, null, null, null, Map.of("k", "😀"), null, null);

        assertThat(new String(PulseJson.toBytes(event), StandardCharsets.UTF_8)).contains("\"k\":\"😀\"");
        assertThat(PulseJson.toJson(event)).contains("\"k\":\"😀\"");
    }

    @Test
    void badJsonIsAnUncheckedException() {
        assertThatThrownBy(() -> PulseJson.fromJson("{\"stream\": ", Event.class))
                .isInstanceOf(UncheckedIOException.class);
        assertThatThrownBy(() -> PulseJson.fromJson("{} {}", HourlyMetrics.class))
                .isInstanceOf(UncheckedIOException.class);
        assertThatThrownBy(() -> PulseJson.fromJson("[1]".getBytes(StandardCharsets.UTF_8), Alert.class))
                .isInstanceOf(UncheckedIOException.class);
        assertThatThrownBy(() -> PulseJson.toJson(new Object())).isInstanceOf(UncheckedIOException.class);
    }
}
