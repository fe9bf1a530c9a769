package io.pulseboard.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulseboard.infra.ServiceProcess;
import io.pulseboard.infra.testkit.TopicReader;
import io.pulseboard.model.HourlyMetrics;
import io.pulseboard.model.Topics;
import io.pulseboard.model.json.PulseJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Exactly once across crashes: the built aggregator runs as its own process and is killed with
 * SIGKILL several times while a producer sends a known number of events; after the last restart
 * every (stream, hour) and every (stream, minute) in PostgreSQL, and the latest message of each on
 * pulse.metrics and pulse.minutes, count exactly what was sent; each stream's recent events are
 * exactly its last 200 events and last 200 errors. Records not keyed by their stream, sent among
 * them, are never counted, all reach the DLQ, and are counted exactly once as dead letters. A rule
 * over a window of hours (read from stored hours and memory) fires once and stays one firing alert
 * across the kills: each restart restores it rather than firing it again.
 */
class AggregatorCrashIT {

    private static final String PREFIX = "crash";
    private static final int STREAMS = 5;
    private static final int EVENTS = 30_000;
    private static final int KILLS = 3;
    private static final Pattern MIS_KEYED_ID = Pattern.compile("\"id\":\"(" + PREFIX + "-miskeyed-\\d+)\"");
    private static final Map<String, String> CONFIG = Map.of(
            "pulse.aggregator.persist-interval", "500ms",
            // A killed member leaves the group quickly, so the restarted one gets the partitions soon.
            "mp.messaging.incoming.events.session.timeout.ms", "6000",
            "mp.messaging.incoming.events.heartbeat.interval.ms", "1000");

    @RegisterExtension
    static final InfraExtension infra = new InfraExtension();

    @Test
    void everyEventIsCountedOnceAcrossKills() throws Exception {
        ServiceProcess aggregator =
                Stack.start("aggregator-service", infra.get(), CONFIG).awaitReady(Stack.START_TIMEOUT);
        String ruleId = given().contentType("application/json")
                .body("""
                        {"name": "crash day", "stream": "%s.s0", "expr": "count > 0", "window": "2h", "severity": "info"}""".formatted(PREFIX))
                .post(aggregator.uri("/api/rules"))
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        // About 500 events/s: production spans the kills.
        PacedProducer producer = new PacedProducer(infra.get(), PREFIX, STREAMS, EVENTS, 500)
                .misKeyedEvery(100)
                .start();
        for (int kill = 0; kill < KILLS; kill++) {
            // Let it count and checkpoint for a while (an event count, not a time: the run stays the same on a slow
            // machine).
            awaitProgress(kill + 1);
            if (kill == 0) {
                awaitFiring(aggregator, ruleId);
            }
            ProcessHandle.of(aggregator.pid()).ifPresent(h -> {
                h.destroyForcibly();
                h.onExit().join();
            });
            aggregator.close();
            aggregator = Stack.start("aggregator-service", infra.get(), CONFIG).awaitReady(Stack.START_TIMEOUT);
        }
        Map<String, Long> sent = producer.finish(Duration.ofMinutes(3));

        try (ServiceProcess last = aggregator) {
            assertThat(StoredCounts.awaitEqual(infra.get(), PREFIX, sent, Duration.ofMinutes(2)))
                    .as("counts in PostgreSQL")
                    .isEqualTo(sent);

            Map<String, Long> published = latestCounts(Topics.METRICS);
            assertThat(published).as("latest counts on pulse.metrics").isEqualTo(sent);

            // Minutes: stored with the same checkpoints, published like hours.
            Map<String, Long> sentPerMinute = producer.minuteCounts();
            assertThat(StoredCounts.readMinutes(infra.get(), PREFIX))
                    .as("minute counts in PostgreSQL")
                    .isEqualTo(sentPerMinute);
            assertThat(latestCounts(Topics.MINUTES))
                    .as("latest minute counts on pulse.minutes")
                    .isEqualTo(sentPerMinute);

            // Records not keyed by their stream: none counted (above), every one dead-lettered with
            // the reason (at least once: a record dead-lettered after the last checkpoint is sent again).
            Set<String> expected = producer.misKeyed();
            assertThat(expected).hasSize(EVENTS / 100);
            Set<String> deadLettered = new HashSet<>();
            for (ConsumerRecord<String, String> r :
                    TopicReader.readAll(infra.get().kafkaBootstrapServers(), Topics.EVENTS_DLQ)) {
                Matcher m = MIS_KEYED_ID.matcher(r.value());
                if (m.find()) {
                    assertThat(new String(
                                    r.headers().lastHeader(Topics.ERROR_HEADER).value(), StandardCharsets.UTF_8))
                            .startsWith("record key: ");
                    deadLettered.add(m.group(1));
                }
            }
            assertThat(deadLettered).as("mis-keyed records on the DLQ").isEqualTo(expected);

            // Dead letters counted exactly once, though some were sent to the DLQ twice: by stream
            // (the key, when it is a stream name) and reason.
            JsonNode summary = json(last, "/api/dead-letters?since=now-1h");
            Map<String, Long> counted = new HashMap<>();
            summary.get("counts")
                    .forEach(c -> counted.merge(
                            c.path("stream").asText("(none)") + "/"
                                    + c.get("reason_code").asText(),
                            c.get("count").asLong(),
                            Long::sum));
            assertThat(counted)
                    .as("dead letters by stream and reason")
                    .isEqualTo(Map.of(
                            PREFIX + ".other/record_key",
                            (long) expected.size() / 2,
                            "(none)/record_key",
                            (long) expected.size() / 2));

            // The rule's alert: still the one that fired before the first kill, firing, with one firing change.
            JsonNode alerts = json(last, "/api/alerts?stream=" + PREFIX + ".s0");
            List<String> ofRule = new ArrayList<>();
            alerts.forEach(a -> {
                if (ruleId.equals(a.get("rule_id").asText())) {
                    ofRule.add(a.get("id").asText() + " " + a.get("state").asText());
                }
            });
            assertThat(ofRule).as("alerts of the rule over a window of hours").hasSize(1);
            assertThat(ofRule.get(0)).endsWith(" firing");
            JsonNode alert = json(last, "/api/alerts/" + ofRule.get(0).split(" ")[0]);
            List<String> changes = new ArrayList<>();
            alert.get("history").forEach(h -> changes.add(h.get("event").asText()));
            assertThat(changes).as("the alert's history").containsExactly("firing");

            // Recent events: exactly the last 200 events and the last 200 errors of each stream, newest first.
            Map<String, List<String>> recent = producer.recentIds(200, 200);
            assertThat(recent).hasSize(STREAMS);
            for (Map.Entry<String, List<String>> stream : recent.entrySet()) {
                assertThat(recentIds(last, stream.getKey()))
                        .as("recent events of %s", stream.getKey())
                        .isEqualTo(stream.getValue());
            }
        }
    }

    /** Every page of a stream's recent events, as event ids. */
    private static List<String> recentIds(ServiceProcess aggregator, String stream) throws Exception {
        List<String> ids = new ArrayList<>();
        String next = null;
        do {
            JsonNode page = json(
                    aggregator,
                    "/api/streams/" + stream + "/events?limit=200" + (next == null ? "" : "&before=" + next));
            page.get("events").forEach(e -> ids.add(e.get("event").get("id").asText()));
            next = page.get("next").isNull() ? null : page.get("next").asText();
        } while (next != null);
        return ids;
    }

    private static JsonNode json(ServiceProcess aggregator, String path) throws Exception {
        return PulseJson.mapper()
                .readTree(given().get(aggregator.uri(path))
                        .then()
                        .statusCode(200)
                        .extract()
                        .asByteArray());
    }

    /** The count of the latest state (highest revision) of each {@code stream@period} of the test's streams on {@code topic}. */
    private static Map<String, Long> latestCounts(String topic) {
        Map<String, Long> counts = new HashMap<>();
        Map<String, Long> revisions = new HashMap<>();
        for (ConsumerRecord<String, String> r : TopicReader.readAll(infra.get().kafkaBootstrapServers(), topic)) {
            HourlyMetrics m = PulseJson.fromJson(r.value(), HourlyMetrics.class);
            String key = m.stream() + "@" + m.hour();
            if (m.stream().startsWith(PREFIX + ".") && m.revision() >= revisions.getOrDefault(key, -1L)) {
                revisions.put(key, m.revision());
                counts.put(key, m.count());
            }
        }
        return counts;
    }

    /** Until the rule's alert fires, as stored (the alerts API reads PostgreSQL). */
    private static void awaitFiring(ServiceProcess aggregator, String ruleId) {
        await("the alert of rule " + ruleId)
                .atMost(Duration.ofMinutes(1))
                .until(() -> json(aggregator, "/api/alerts?state=firing&stream=" + PREFIX + ".s0")
                        .findValuesAsText("rule_id")
                        .contains(ruleId));
    }

    private static void awaitProgress(int kill) {
        StoredCounts.awaitTotal(infra.get(), PREFIX, (long) EVENTS * kill / (KILLS + 1), Duration.ofMinutes(2));
    }
}
