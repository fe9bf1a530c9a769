package io.pulseboard.gateway.ws;

import static io.pulseboard.gateway.ws.MinutesWriter.minute;

import io.pulseboard.infra.PulseInfra;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The shared real Kafka of {@link io.pulseboard.infra.testkit.PulseInfraTestResource}, with minute states of one stream
 * written to pulse.minutes before the gateway starts, as an aggregator wrote them during the last hour (record
 * timestamps in the past). The stream's name is given to the test as {@value #STREAM_PROPERTY}, the minute
 * that was current when they were written as {@value #MINUTE_PROPERTY}.
 */
public class MinutesWrittenBeforeStart implements QuarkusTestResourceLifecycleManager {

    static final String STREAM_PROPERTY = "pulse.test.replayed-stream";
    static final String MINUTE_PROPERTY = "pulse.test.replayed-minute";

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(PulseInfra.shared().quarkusConfig());
        String stream = "r" + UUID.randomUUID().toString().substring(0, 8) + ".replayed";
        Instant now = Instant.now();
        Instant current = now.truncatedTo(ChronoUnit.MINUTES);
        try (MinutesWriter minutes = new MinutesWriter(config.get("kafka.bootstrap.servers"))) {
            minutes.send(
                    minute(stream, current.minus(Duration.ofMinutes(50)), 50, 1), now.minus(Duration.ofMinutes(49)));
            minutes.send(minute(stream, current.minus(Duration.ofMinutes(3)), 1, 1), now.minus(Duration.ofMinutes(3)));
            minutes.send(minute(stream, current.minus(Duration.ofMinutes(3)), 3, 2), now.minus(Duration.ofMinutes(2)));
            // Older than the last 60 minutes (though written recently): not kept.
            minutes.send(
                    minute(stream, current.minus(Duration.ofMinutes(75)), 75, 1), now.minus(Duration.ofMinutes(1)));
        }
        config.put(STREAM_PROPERTY, stream);
        config.put(MINUTE_PROPERTY, current.toString());
        return config;
    }

    @Override
    public void stop() {
        // The shared infrastructure lives until the JVM exits.
    }
}
