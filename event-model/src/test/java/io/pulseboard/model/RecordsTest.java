package io.pulseboard.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordsTest {

    @Test
    void eventMapsKeepInsertionOrderAndCannotChange() {
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("z", 1.0);
        values.put("a", 2.0);
        values.put("m", 3.0);

        Event event = new Event("a", null, null, null, values, null, null, null);
        values.put("later", 4.0);

        assertThat(event.values().keySet()).containsExactly("z", "a", "m");
        assertThat(event.tags()).isEmpty();
        assertThat(event.status()).isEqualTo(Status.OK);
        assertThatThrownBy(() -> event.values().put("b", 1.0)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void topics() {
        assertThat(Topics.EVENTS).isEqualTo("pulse.events");
        assertThat(Topics.EVENTS_DLQ).isEqualTo("pulse.events.dlq");
        assertThat(Topics.METRICS).isEqualTo("pulse.metrics");
        assertThat(Topics.ALERTS).isEqualTo("pulse.alerts");
        assertThat(Topics.RULES).isEqualTo("pulse.rules");
        assertThat(Topics.ERROR_HEADER).isEqualTo("pulse-error");
        assertThat(Topics.SOURCE_HEADER).isEqualTo("pulse-source");
    }
}
