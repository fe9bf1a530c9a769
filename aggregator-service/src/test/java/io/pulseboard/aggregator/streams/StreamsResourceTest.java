package io.pulseboard.aggregator.streams;

import static io.pulseboard.aggregator.streams.SentEvents.assertMatches;
import static io.pulseboard.aggregator.streams.SentEvents.group;
import static io.pulseboard.aggregator.streams.SentEvents.page;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;

import io.pulseboard.aggregator.streams.SentEvents.Sent;
import io.pulseboard.infra.testkit.PulseInfraTestResource;
import io.pulseboard.model.HourlyMetrics;
import io.pulseboard.model.Problem;
import io.pulseboard.model.Topics;
import io.pulseboard.model.json.PulseJson;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The REST API over hours aggregated from the real broker into the real database: live hours, hours
 * replayed long after they closed, events beyond the maximum lateness (1 day in the test profile),
 * daily roll-ups and range totals merged from the hourly sketches, exports, and every bad request.
 *
 * <p>Events go to partitions 2 and 3, which no other test pushes ahead in event time.
 */
@QuarkusTest
@WithTestResource(PulseInfraTestResource.class)
class StreamsResourceTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private final String id = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void answersHistoryRollupsTotalsAndExportsExactly() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String a = "api-a-" + id;
        String b = "api-b-" + id;
        List<Sent> sent = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            sent.add(new Sent(
                    a, now.minusMillis(i * 7L), i % 5 == 0, i % 10 == 0 ? "timeout" : "http_500", 3.25 + i * 11.5));
        }
        Instant replay = now.minus(Duration.ofHours(5));
        for (int i = 0; i < 60; i++) {
            sent.add(new Sent(a, replay.plusSeconds(i), false, null, 100 + (i * 37 % 60) * 2.5));
        }
        Instant older = now.minus(Duration.ofHours(3));
        for (int i = 0; i < 30; i++) {
            sent.add(new Sent(a, older.plusMillis(i), i % 2 == 0, "oom", 0.5 * i));
        }
        for (int i = 0; i < 10; i++) {
            sent.add(new Sent(b, now.minusMillis(i), false, null, 42));
        }
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (Sent s : sent) {
                producer.send(new ProducerRecord<>(
                        Topics.EVENTS,
                        s.stream().equals(a) ? 2 : 3,
                        s.stream().getBytes(StandardCharsets.UTF_8),
                        s.json()));
            }
            // Beyond the maximum lateness: dead-lettered, never in the history.
            producer.send(new ProducerRecord<>(
                            Topics.EVENTS,
                            2,
                            a.getBytes(StandardCharsets.UTF_8),
                            new Sent(a, now.minus(Duration.ofDays(2)), false, null, 1).json()))
                    .get();
        }
        List<Sent> ofA = sent.stream().filter(s -> s.stream().equals(a)).toList();
        Map<Instant, List<Sent>> hoursOfA = group(ofA, s -> s.time().truncatedTo(ChronoUnit.HOURS));
        Instant currentHour = now.truncatedTo(ChronoUnit.HOURS);

        // Hourly rows: exactly the hours with events, with exact numbers, once the checkpoints land.
        String from = currentHour.minus(Duration.ofHours(6)).toString();
        await("every hour of " + a + " stored", () -> {
            if (given().get("/api/streams/{s}/metrics", a).statusCode() == 404) {
                return false; // no hour stored yet
            }
            MetricsPage page = page(a, Map.of("from", from));
            return page.metrics().size() == hoursOfA.size()
                    && page.metrics().stream()
                            .allMatch(m -> m.count() == hoursOfA.get(m.hour()).size());
        });
        MetricsPage hourly = page(a, Map.of("from", from));
        assertThat(hourly.step()).isEqualTo("1h");
        assertThat(hourly.from()).isEqualTo(currentHour.minus(Duration.ofHours(6)));
        assertThat(hourly.metrics())
                .extracting(HourlyMetrics::hour)
                .isSorted()
                .containsExactlyElementsOf(hoursOfA.keySet());
        for (HourlyMetrics m : hourly.metrics()) {
            List<Sent> events = hoursOfA.get(m.hour());
            assertMatches(m, events);
            boolean current = m.hour().equals(currentHour);
            assertThat(m.isFinal()).as("final: %s", m.hour()).isEqualTo(!current);
            assertThat(m.lateEvents()).as("late events of %s", m.hour()).isEqualTo(current ? 0 : events.size());
        }
        assertMatches(hourly.total(), ofA);

        // The default range is the last 24 hours, by hour.
        MetricsPage byDefault = page(a, Map.of());
        assertThat(byDefault.step()).isEqualTo("1h");
        assertThat(Duration.between(byDefault.from(), byDefault.to()))
                .isBetween(Duration.ofHours(24), Duration.ofHours(25));
        assertThat(byDefault.metrics()).hasSameSizeAs(hourly.metrics());

        // Daily rows merge the hours' sketches: their percentiles are those of all the day's events.
        MetricsPage daily = page(a, Map.of("step", "1d", "from", "now-2d"));
        Map<Instant, List<Sent>> daysOfA = group(ofA, s -> s.time().truncatedTo(ChronoUnit.DAYS));
        assertThat(daily.metrics()).extracting(HourlyMetrics::hour).containsExactlyElementsOf(daysOfA.keySet());
        for (HourlyMetrics day : daily.metrics()) {
            assertMatches(day, daysOfA.get(day.hour()));
        }
        assertThat(daily.from()).isEqualTo(now.minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.DAYS));
        assertMatches(daily.total(), ofA);

        // The streams list: both streams, live, with their newest hour.
        await(
                "both streams listed",
                () -> summaries().stream().filter(s -> s.stream().endsWith(id)).count() == 2);
        List<StreamSummary> streams =
                summaries().stream().filter(s -> s.stream().endsWith(id)).toList();
        assertThat(streams).extracting(StreamSummary::stream).containsExactly(a, b);
        assertThat(streams).allSatisfy(s -> {
            assertThat(s.live()).isTrue();
            assertThat(s.currentHour().hour()).isEqualTo(currentHour);
        });
        assertThat(streams.get(0).lastEvent())
                .isEqualTo(hoursOfA.get(currentHour).stream()
                        .map(Sent::time)
                        .max(Instant::compareTo)
                        .orElseThrow());
        assertThat(streams.get(1).currentHour().count()).isEqualTo(10);

        // Export: both streams by glob, as CSV and as JSON.
        Response csv = given().queryParam("stream", "api-*-" + id)
                .queryParam("from", from)
                .queryParam("format", "csv")
                .get("/api/export/metrics");
        csv.then()
                .statusCode(200)
                .contentType(startsWith("text/csv"))
                .header("Content-Disposition", containsString("attachment; filename=\"pulse-metrics-api-_-" + id));
        String[] lines = csv.asString().split("\r\n");
        assertThat(lines[0])
                .startsWith("stream,hour,count,errors,error_rate,rate_per_s,errors_by_type,late_events")
                .contains(
                        ",latency_ms.count,latency_ms.sum,latency_ms.min,latency_ms.max,latency_ms.mean,latency_ms.p50");
        assertThat(lines).hasSize(1 + hoursOfA.size() + 1);
        List<Sent> current = hoursOfA.get(currentHour);
        assertThat(lines)
                .anySatisfy(l -> assertThat(l)
                        .startsWith(a + "," + currentHour + "," + current.size() + ","
                                + current.stream().filter(Sent::error).count() + ","));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith(b + "," + currentHour + ",10,0,0.0,"));

        byte[] jsonBody = given().queryParam("stream", a)
                .queryParam("from", from)
                .queryParam("format", "json")
                .get("/api/export/metrics")
                .then()
                .statusCode(200)
                .contentType(startsWith("application/json"))
                .extract()
                .asByteArray();
        HourlyMetrics[] exported = PulseJson.mapper().readValue(jsonBody, HourlyMetrics[].class);
        assertThat(exported)
                .extracting(HourlyMetrics::count)
                .containsExactlyElementsOf(
                        hourly.metrics().stream().map(HourlyMetrics::count).toList());

        // Everything on the partitions is counted: the lag gauge, from the log end offsets, says 0.
        await(
                "no consumer lag on partition 2",
                () -> given().get("/q/metrics")
                        .asString()
                        .contains("pulse_aggregator_consumer_lag{partition=\"2\"} 0.0"));
    }

    /**
     * CSV injection: an error type is client text and may start with '-', so the errors_by_type cell
     * {@code -2-3=1} would be a formula in a spreadsheet; it is exported as {@code "'-2-3=1"}. Negative
     * numbers the server computes stay numbers.
     */
    @Test
    void exportsTextThatLooksLikeAFormulaAsText() throws Exception {
        String stream = "csv-" + id;
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (String body : List.of(
                    "{\"stream\":\"%s\",\"time\":\"%s\",\"status\":\"error\",\"error_type\":\"-2-3\",\"values\":{\"delta\":-7.5}}",
                    "{\"stream\":\"%s\",\"time\":\"%s\",\"values\":{\"delta\":-2.5}}")) {
                producer.send(new ProducerRecord<>(
                                Topics.EVENTS,
                                3,
                                stream.getBytes(StandardCharsets.UTF_8),
                                body.formatted(stream, now).getBytes(StandardCharsets.UTF_8)))
                        .get();
            }
        }
        Awaitility.await("both events of " + stream + " stored")
                .atMost(WAIT)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> given().queryParam("stream", stream)
                        .queryParam("format", "csv")
                        .get("/api/export/metrics")
                        .asString()
                        .contains(stream + "," + now.truncatedTo(ChronoUnit.HOURS) + ",2,1,"));
        String[] lines = given().queryParam("stream", stream)
                .queryParam("format", "csv")
                .get("/api/export/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString()
                .split("\r\n");
        List<String> header = List.of(lines[0].split(","));
        List<String> row = List.of(lines[1].split(","));
        assertThat(row.get(header.indexOf("errors_by_type"))).isEqualTo("\"'-2-3=1\"");
        assertThat(row.get(header.indexOf("delta.min"))).isEqualTo("-7.5");
        assertThat(row.get(header.indexOf("delta.sum"))).isEqualTo("-10.0");
    }

    @Test
    void refusesBadRequestsWithProblems() {
        problem(
                "/api/streams/checkout.api/metrics?step=2m",
                400,
                "step: '2m' is not a step; use 1m, 5m, 15m, 1h or 1d");
        problem(
                "/api/streams/checkout.api/metrics?from=2026-11-22T10:00:00Z&to=2026-11-22T09:00:00Z",
                400,
                "from (2026-11-22T10:00:00Z) must be before to (2026-11-22T09:00:00Z)");
        problem(
                "/api/streams/checkout.api/metrics?from=2026-11-22X10",
                400,
                "from: '2026-11-22X10' is not a time (at character 11)");
        problem("/api/streams/checkout.api/metrics?from=2020-01-01", 400, "longer than the maximum of 366 days");
        problem("/api/streams/Checkout API/metrics", 400, "stream: 'Checkout API' is not a stream name");
        problem(
                "/api/streams/never.seen." + id + "/metrics",
                404,
                "no stream named 'never.seen." + id + "' has any metrics");
        problem("/api/export/metrics?format=xml", 400, "format: 'xml' is not a format; use csv or json");
        problem("/api/export/metrics?stream=a.***", 400, "stream: ");
        problem("/api/export/metrics?to=yesterday", 400, "to: 'yesterday' is not a time");
    }

    // ---------------------------------------------------------------------------------------------

    private static void problem(String path, int status, String detail) {
        Problem p = given().urlEncodingEnabled(true)
                .get(path)
                .then()
                .statusCode(status)
                .contentType(Problem.MEDIA_TYPE)
                .extract()
                .as(Problem.class);
        assertThat(p.status()).isEqualTo(status);
        assertThat(p.detail()).contains(detail);
        assertThat(p.instance()).isNotBlank();
    }

    private static List<StreamSummary> summaries() throws Exception {
        byte[] body =
                given().get("/api/streams").then().statusCode(200).extract().asByteArray();
        return List.of(PulseJson.mapper().readValue(body, StreamSummary[].class));
    }

    private KafkaProducer<byte[], byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    interface Check {
        boolean holds() throws Exception;
    }

    private static void await(String what, Check check) {
        Awaitility.await(what).atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(check::holds);
    }
}
