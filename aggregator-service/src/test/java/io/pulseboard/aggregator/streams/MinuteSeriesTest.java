package io.pulseboard.aggregator.streams;

import static io.pulseboard.aggregator.streams.SentEvents.assertMatches;
import static io.pulseboard.aggregator.streams.SentEvents.group;
import static io.pulseboard.aggregator.streams.SentEvents.page;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.pulseboard.aggregator.aggregation.HourAggregate;
import io.pulseboard.aggregator.store.MinuteEntity;
import io.pulseboard.aggregator.store.MinuteStore;
import io.pulseboard.aggregator.store.RetentionJob;
import io.pulseboard.aggregator.streams.SentEvents.Sent;
import io.pulseboard.aggregator.support.VertxContexts;
import io.pulseboard.infra.testkit.PulseInfraTestResource;
import io.pulseboard.model.HourlyMetrics;
import io.pulseboard.model.Problem;
import io.pulseboard.model.Topics;
import io.pulseboard.model.json.PulseJson;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Minute series from the real broker into the real database, against a brute-force count of the
 * events sent: live minutes, late events into an hour still in memory and into one loaded back from
 * PostgreSQL with its minutes, an hour beyond the minute retention (5 h in the test profile), the
 * states on pulse.minutes, 5-minute rows merged from minutes, the retention job, and bad ranges.
 */
@QuarkusTest
@WithTestResource(PulseInfraTestResource.class)
class MinuteSeriesTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    MinuteStore minutes;

    @Inject
    RetentionJob retention;

    private final String id = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void minuteRowsAreExactForLiveAndLateEventsAndPublishedOnPulseMinutes() throws Exception {
        String stream = "minutes-" + id;
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<Sent> sent = new ArrayList<>();
        // The last 12 minutes: k events k minutes ago, some errors of two types.
        for (int k = 1; k <= 12; k++) {
            for (int i = 0; i < k; i++) {
                sent.add(new Sent(
                        stream,
                        now.minus(Duration.ofMinutes(k)).plusMillis(i),
                        i % 3 == 0,
                        i % 2 == 0 ? "timeout" : "http_500",
                        1.5 + k * 10 + i * 3.25));
            }
        }
        // The hour 3 hours ago (within the retention; its first 17 minutes, whatever the time now): a first
        // batch, counted into a closed hour that was never stored.
        Instant threeHoursAgo = now.minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.HOURS);
        List<Sent> late = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            late.add(new Sent(stream, threeHoursAgo.plusSeconds(i * 50L), i % 4 == 0, "oom", 100 + i * 7.5));
        }
        // The hour 6 hours ago (beyond the retention): into the hour only.
        Instant sixHoursAgo = now.minus(Duration.ofHours(6)).truncatedTo(ChronoUnit.HOURS);
        List<Sent> beyond = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            beyond.add(new Sent(stream, sixHoursAgo.plusSeconds(i), false, null, 5));
        }
        send(stream, sent);
        send(stream, late);
        send(stream, beyond);
        sent.addAll(late);
        Instant lateHour = threeHoursAgo;
        awaitHour(stream, lateHour, 20);

        // A second late batch into the same hour, now only in PostgreSQL (closed hours leave memory at once
        // in the test profile): the hour comes back with its minutes, and the new events count into them.
        List<Sent> later = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            later.add(new Sent(stream, threeHoursAgo.plusSeconds(i * 70L + 3), i % 5 == 0, "timeout", 50 + i));
        }
        send(stream, later);
        sent.addAll(later);
        awaitHour(stream, lateHour, 35);

        // Minute rows of the last 15 minutes: exactly the minutes with events, exact numbers.
        Map<Instant, List<Sent>> recentMinutes = group(
                sent.stream()
                        .filter(s -> s.time().isAfter(now.minus(Duration.ofMinutes(15))))
                        .toList(),
                s -> s.time().truncatedTo(ChronoUnit.MINUTES));
        MetricsPage recent = await(
                stream,
                Map.of("step", "1m", "from", "now-15m"),
                page -> page.metrics().size() == recentMinutes.size()
                        && page.metrics().stream()
                                .allMatch(m -> recentMinutes.containsKey(m.hour())
                                        && m.count()
                                                == recentMinutes.get(m.hour()).size()));
        assertThat(recent.step()).isEqualTo("1m");
        assertRows(recent.metrics(), recentMinutes);
        assertMatches(
                recent.total(),
                recentMinutes.values().stream().flatMap(List::stream).toList());

        // The late hour's minutes: both batches, each event in its minute once.
        Map<Instant, List<Sent>> lateMinutes = group(
                sent.stream()
                        .filter(s -> s.time().truncatedTo(ChronoUnit.HOURS).equals(lateHour))
                        .toList(),
                s -> s.time().truncatedTo(ChronoUnit.MINUTES));
        MetricsPage lateRows = page(
                stream,
                Map.of(
                        "step",
                        "1m",
                        "from",
                        lateHour.toString(),
                        "to",
                        lateHour.plus(Duration.ofHours(1)).toString()));
        assertRows(lateRows.metrics(), lateMinutes);

        // 5-minute rows merge the minutes' sketches.
        Map<Instant, List<Sent>> fives = group(
                sent.stream().filter(s -> !s.time().isBefore(lateHour)).toList(),
                s -> Instant.ofEpochSecond(Math.floorDiv(s.time().getEpochSecond(), 300) * 300));
        MetricsPage fiveMinutes = page(stream, Map.of("step", "5m", "from", lateHour.toString()));
        assertThat(fiveMinutes.step()).isEqualTo("5m");
        assertRows(fiveMinutes.metrics(), fives);

        // The hour beyond the minute retention is counted, and has no minute rows.
        Instant oldHour = sixHoursAgo;
        awaitHour(stream, oldHour, 10);
        assertThat(VertxContexts.await(() -> Panache.withSession(() -> minutes.ofHour(stream, oldHour))))
                .isEmpty();

        // pulse.minutes: the latest state of each minute (highest revision) is the stored one.
        Map<Instant, HourlyMetrics> published = new HashMap<>();
        Awaitility.await("the minutes of " + stream + " on pulse.minutes")
                .atMost(WAIT)
                .until(() -> {
                    readMinutes(stream, published);
                    return recentMinutes.keySet().stream()
                                    .allMatch(m -> published.containsKey(m)
                                            && published.get(m).count()
                                                    == recentMinutes.get(m).size())
                            && lateMinutes.keySet().stream()
                                    .allMatch(m -> published.containsKey(m)
                                            && published.get(m).count()
                                                    == lateMinutes.get(m).size());
                });
        for (HourlyMetrics row : recent.metrics()) {
            HourlyMetrics m = published.get(row.hour());
            assertThat(m.isFinal()).isFalse();
            assertThat(m.revision()).isEqualTo(row.revision());
            assertMatches(m, recentMinutes.get(row.hour()));
        }
    }

    @Test
    void theRetentionJobDeletesOldMinutesInBatches() {
        String stream = "pruned-" + id;
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        List<MinuteEntity> rows = new ArrayList<>();
        for (int k = 0; k < 12; k++) {
            rows.add(row(stream, now.minus(Duration.ofHours(6)).plus(Duration.ofMinutes(k))));
        }
        rows.add(row(stream, now.minus(Duration.ofHours(3))));
        VertxContexts.await(() -> Panache.withTransaction(() -> minutes.save(rows)));

        long deleted = retention.prune("minutes", now.minus(Duration.ofHours(5)));

        assertThat(deleted).as("12 rows in batches of 5").isGreaterThanOrEqualTo(12);
        List<MinuteEntity> left = VertxContexts.await(
                () -> Panache.withSession(() -> minutes.range(List.of(stream), now.minus(Duration.ofDays(1)), now)));
        assertThat(left).extracting(r -> r.minute).containsExactly(now.minus(Duration.ofHours(3)));
    }

    @Test
    void refusesMinuteRangesBeyondTheRetention() {
        problem(
                "/api/streams/checkout.api/metrics?step=1m&from=now-6h",
                "minutes are kept for 5 h (pulse.retention.minutes)");
        problem("/api/streams/checkout.api/metrics?step=15m", "use step=1h for older ranges");
        problem("/api/export/metrics?step=5m&from=now-2d", "minutes are kept for 5 h");
    }

    // ---------------------------------------------------------------------------------------------

    private static MinuteEntity row(String stream, Instant minute) {
        MinuteEntity e = new MinuteEntity();
        e.stream = stream;
        e.minute = minute;
        e.count = 1;
        e.aggregate =
                HourAggregate.rollup(stream, minute, Duration.ofMinutes(1)).serializeCompact();
        e.updatedAt = minute;
        return e;
    }

    private void readMinutes(String stream, Map<Instant, HourlyMetrics> latest) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "minutes-test-" + UUID.randomUUID());
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.MINUTES));
            long quiet = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < quiet) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(300))) {
                    if (stream.equals(r.key())) {
                        HourlyMetrics m = PulseJson.fromJson(r.value(), HourlyMetrics.class);
                        latest.merge(m.hour(), m, (a, b) -> b.revision() >= a.revision() ? b : a);
                    }
                }
            }
        }
    }

    private static void problem(String path, String detail) {
        Problem p = given().urlEncodingEnabled(true)
                .get(path)
                .then()
                .statusCode(400)
                .contentType(Problem.MEDIA_TYPE)
                .extract()
                .as(Problem.class);
        assertThat(p.detail()).contains(detail);
    }

    private static void assertRows(List<HourlyMetrics> rows, Map<Instant, List<Sent>> expected) {
        assertThat(rows).extracting(HourlyMetrics::hour).containsExactlyElementsOf(expected.keySet());
        rows.forEach(m -> assertMatches(m, expected.get(m.hour())));
    }

    private void awaitHour(String stream, Instant hour, long count) {
        Awaitility.await(count + " events of " + stream + " stored in " + hour)
                .atMost(WAIT)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    var response = given().queryParam("from", hour.toString())
                            .queryParam("to", hour.plus(Duration.ofHours(1)).toString())
                            .get("/api/streams/{s}/metrics", stream);
                    if (response.statusCode() != 200) {
                        return false;
                    }
                    MetricsPage page = PulseJson.mapper().readValue(response.asByteArray(), MetricsPage.class);
                    return page.metrics().size() == 1 && page.metrics().get(0).count() == count;
                });
    }

    private static MetricsPage await(String stream, Map<String, String> query, Predicate<MetricsPage> done) {
        return Awaitility.await("minute rows of " + stream)
                .atMost(WAIT)
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> given().get("/api/streams/{s}/metrics", stream).statusCode() == 200
                                ? page(stream, query)
                                : null,
                        page -> page != null && done.test(page));
    }

    private void send(String stream, List<Sent> events) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (Sent s : events) {
                producer.send(new ProducerRecord<>(Topics.EVENTS, stream.getBytes(StandardCharsets.UTF_8), s.json()));
            }
            producer.flush();
        }
    }
}
