package io.pulseboard.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pulseboard.infra.ServiceProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The built aggregator starts without blocking its event loop or warning about its own metrics, and
 * stops cleanly under load: on SIGTERM it stops consuming, writes its last checkpoint and exits (143,
 * Quarkus's status for a clean stop by SIGTERM) with a handful of log lines; started again, it ends with
 * exactly the counts that were sent.
 */
class AggregatorShutdownIT {

    private static final String PREFIX = "sigterm";
    private static final int STREAMS = 5;
    private static final int EVENTS = 20_000;

    @RegisterExtension
    static final InfraExtension infra = new InfraExtension();

    @Test
    void startsQuietlyAndStopsCleanlyUnderLoad() throws Exception {
        ServiceProcess aggregator =
                Stack.start("aggregator-service", infra.get(), Map.of()).awaitReady(Stack.START_TIMEOUT);
        PacedProducer producer = new PacedProducer(infra.get(), PREFIX, STREAMS, EVENTS, 1000).start();
        try {
            await().atMost(Duration.ofMinutes(2)).until(() -> StoredCounts.total(infra.get(), PREFIX) >= EVENTS / 4);
            List<String> startUp = lines(aggregator);
            assertThat(startUp)
                    .as("start-up log")
                    .noneMatch(l -> l.contains("has been blocked for"))
                    .noneMatch(l -> l.contains("already registered"));

            ProcessHandle.of(aggregator.pid()).ifPresent(ProcessHandle::destroy);
            int exit = aggregator.awaitExit(Duration.ofSeconds(30));
            List<String> shutdown =
                    lines(aggregator).subList(startUp.size(), lines(aggregator).size());
            assertThat(shutdown)
                    .as("shut-down log")
                    .noneMatch(l -> l.contains("rejected from"))
                    .noneMatch(l -> l.contains("could not restore"))
                    .anyMatch(l -> l.contains("pulse-aggregator stopped in"));
            assertThat(shutdown.stream().filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")))
                    .as("warnings at shut-down")
                    .hasSizeLessThanOrEqualTo(3);
            // Quarkus ends a JVM stopped by SIGTERM with 143 (128 + 15) once its shut-down has run; 0 if it exits by
            // itself.
            assertThat(exit).as("exit code; the shut-down log: %s", shutdown).isIn(0, 143);
        } finally {
            aggregator.close();
        }

        try (ServiceProcess again =
                Stack.start("aggregator-service", infra.get(), Map.of()).awaitReady(Stack.START_TIMEOUT)) {
            Map<String, Long> sent = producer.finish(Duration.ofMinutes(3));
            assertThat(StoredCounts.awaitEqual(infra.get(), PREFIX, sent, Duration.ofMinutes(2)))
                    .isEqualTo(sent);
        }
    }

    private static List<String> lines(ServiceProcess service) throws Exception {
        return Files.readAllLines(service.logFile(), StandardCharsets.UTF_8);
    }
}
