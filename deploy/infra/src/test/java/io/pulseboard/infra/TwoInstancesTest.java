package io.pulseboard.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulseboard.model.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Two instances side by side (as two test runs on one machine): own ports, both work; close stops every process. */
class TwoInstancesTest {

    @Test
    void twoInstancesSideBySideThenCloseStopsEveryProcess() throws Exception {
        InfraOptions options =
                InfraOptions.builder().mode(Mode.LOCAL).partitions(2).build();
        // Started at the same time, as two test JVMs would.
        CompletableFuture<PulseInfra> fa = CompletableFuture.supplyAsync(() -> PulseInfra.start(options));
        CompletableFuture<PulseInfra> fb = CompletableFuture.supplyAsync(() -> PulseInfra.start(options));
        List<Long> pids = new ArrayList<>();
        List<Path> dataDirs = new ArrayList<>();
        try (PulseInfra a = fa.join();
                PulseInfra b = fb.join()) {
            Set<Integer> ports =
                    new HashSet<>(List.of(a.kafkaPort(), a.postgresPort(), b.kafkaPort(), b.postgresPort()));
            assertThat(ports).as("four different ports").hasSize(4);
            assertThat(a.dataDir()).isNotEqualTo(b.dataDir());

            for (PulseInfra infra : List.of(a, b)) {
                String value = "side-by-side-" + UUID.randomUUID();
                Clients.send(infra, Topics.EVENTS, "s", value);
                assertThat(Clients.find(infra, Topics.EVENTS, value, Map.of())).isPresent();
                try (Connection c = Clients.jdbc(infra);
                        Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery("SELECT inet_server_port()")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt(1)).isEqualTo(infra.postgresPort());
                }
                pids.addAll(infra.processIds().values());
                dataDirs.add(infra.dataDir().orElseThrow());
            }
            // What a's Kafka got, b's does not have.
            String onlyA = "only-a-" + UUID.randomUUID();
            Clients.send(a, Topics.ALERTS, "k", onlyA);
            assertThat(Clients.values(b, Topics.ALERTS, Map.of(), 0)).doesNotContain(onlyA);

            assertThat(pids).hasSize(4).allMatch(Clients::alive);
        }
        // close() returned: every process is gone, the temporary data directories too.
        for (long pid : pids) {
            Clients.assertGone(pid, Duration.ofSeconds(1));
        }
        for (Path dir : dataDirs) {
            assertThat(Files.exists(dir)).as("%s deleted", dir).isFalse();
        }
        try (var entries = Files.list(ProcessRegistry.root())) {
            assertThat(entries.map(p -> p.getFileName().toString()))
                    .noneMatch(n -> n.startsWith(ProcessHandle.current().pid() + "-") && n.endsWith(".session"));
        }
    }
}
