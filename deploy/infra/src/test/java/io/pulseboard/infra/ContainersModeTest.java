package io.pulseboard.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pulseboard.model.Topics;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIf;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * Containers mode. Where no Docker engine answers, it fails with a clear message; where one does, the
 * same checks as in local mode run against the official images (they must be available to Docker).
 */
class ContainersModeTest {

    static boolean dockerAvailable() {
        return ContainerInfra.dockerAvailable();
    }

    // The two tests split by the machine: this one checks the failure without Docker, the one
    // below runs the real containers where Docker answers. Exactly one of them runs on any machine.
    @Test
    @DisabledIf("dockerAvailable")
    void withoutDockerContainersModeFailsClearly() {
        assertThatThrownBy(() -> PulseInfra.start(
                        InfraOptions.builder().mode(Mode.CONTAINERS).build()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("needs a Docker engine")
                .hasMessageContaining("pulse.infra=local");
    }

    @Test
    @EnabledIf("dockerAvailable")
    void containersWorkLikeLocalProcesses() throws Exception {
        try (PulseInfra infra = PulseInfra.start(
                InfraOptions.builder().mode(Mode.CONTAINERS).partitions(2).build())) {
            assertThat(infra.mode()).isEqualTo(Mode.CONTAINERS);
            assertThat(infra.processIds()).isEmpty();
            try (Admin admin = Clients.admin(infra)) {
                assertThat(admin.describeTopics(TopicSetup.ALL)
                                .allTopicNames()
                                .get()
                                .values())
                        .allMatch(d -> d.partitions().size() == 2);
            }
            String value = "container-" + UUID.randomUUID();
            Clients.send(infra, Topics.EVENTS, "checkout.api", value);
            assertThat(Clients.find(infra, Topics.EVENTS, value, Map.of()))
                    .get()
                    .satisfies(r -> assertThat(r.key()).isEqualTo("checkout.api"));
            try (Connection c = Clients.jdbc(infra);
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT current_user, current_database()")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("pulse");
                assertThat(rs.getString(2)).isEqualTo("pulse");
            }
        }
    }
}
