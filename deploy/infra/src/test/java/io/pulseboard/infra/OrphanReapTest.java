package io.pulseboard.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A JVM that started the seam is killed with SIGKILL (no shutdown hook runs): the broker exits by
 * itself, and the next start of the seam stops the orphaned PostgreSQL and deletes the data directory.
 */
class OrphanReapTest {

    @Test
    void killedOwnerLeavesNothingBehindAfterTheNextStart() throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        String registry = System.getProperty(ProcessRegistry.REGISTRY_DIR_PROPERTY);
        if (registry != null) {
            command.add("-D" + ProcessRegistry.REGISTRY_DIR_PROPERTY + "=" + registry);
        }
        command.add(OrphanMain.class.getName());
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        long kafkaPid;
        long postgresPid;
        Path dataDir;
        StringBuilder output = new StringBuilder();
        try {
            BufferedReader reader =
                    new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
                try {
                    for (String line; (line = reader.readLine()) != null; ) {
                        output.append(line).append('\n');
                        if (line.startsWith("READY ")) {
                            return line;
                        }
                    }
                    return null;
                } catch (java.io.IOException e) {
                    return null;
                }
            });
            String line = ready.get(90, TimeUnit.SECONDS);
            assertThat(line).as("child output:\n%s", output).isNotNull();
            Map<String, String> fields = new java.util.HashMap<>();
            for (String part : line.substring("READY ".length()).split(" ")) {
                String[] kv = part.split("=", 2);
                fields.put(kv[0], kv[1]);
            }
            kafkaPid = Long.parseLong(fields.get("kafka"));
            postgresPid = Long.parseLong(fields.get("postgres"));
            dataDir = Paths.get(fields.get("data"));
            assertThat(Clients.alive(kafkaPid)).isTrue();
            assertThat(Clients.alive(postgresPid)).isTrue();
            // Keep draining the child's output so that it never blocks on a full pipe.
            CompletableFuture.runAsync(() -> {
                try {
                    while (reader.readLine() != null) {
                        // drain
                    }
                } catch (java.io.IOException e) {
                    // child gone
                }
            });
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook runs in the child
            child.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(child.isAlive()).isFalse();

        // The broker watches its owner and exits by itself.
        Clients.assertGone(kafkaPid, Duration.ofSeconds(30));
        // The postmaster does not watch its parent: it is still there...
        assertThat(Clients.alive(postgresPid))
                .as("orphaned postgres still running before the reaper")
                .isTrue();
        assertThat(Files.exists(dataDir)).isTrue();

        // ... until the seam starts again.
        try (PulseInfra next = PulseInfra.start(
                InfraOptions.builder().mode(Mode.LOCAL).partitions(1).build())) {
            Clients.assertGone(postgresPid, Duration.ofSeconds(1));
            assertThat(Files.exists(dataDir))
                    .as("orphaned temporary data directory deleted")
                    .isFalse();
            assertThat(next.processIds().values()).allMatch(Clients::alive);
        }
    }
}
