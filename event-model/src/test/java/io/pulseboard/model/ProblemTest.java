package io.pulseboard.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulseboard.model.json.PulseJson;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemTest {

    @Test
    void writesStandardMembersFirstAndExtensionsBesideThem() {
        Problem problem = Problem.of(422, "No valid events", "all 2 events were rejected")
                .with("accepted", 0)
                .with("problems", List.of("a", "b"))
                .atInstance("/api/events");

        String json = PulseJson.toJson(problem);

        assertThat(json).startsWith("{\"type\":\"about:blank\",\"title\":\"No valid events\",\"status\":422,");
        JsonNode node = PulseJson.fromJson(json, JsonNode.class);
        assertThat(node.path("detail").asText()).isEqualTo("all 2 events were rejected");
        assertThat(node.path("instance").asText()).isEqualTo("/api/events");
        assertThat(node.path("accepted").asInt()).isEqualTo(0);
        assertThat(node.path("problems")).hasSize(2);
        assertThat(node.has("extensions")).isFalse();
    }
}
