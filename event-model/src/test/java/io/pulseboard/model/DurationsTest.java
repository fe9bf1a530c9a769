package io.pulseboard.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void describesDurationsShortly() {
        assertThat(Durations.describe(Duration.ofDays(7))).isEqualTo("7d");
        assertThat(Durations.describe(Duration.ofMinutes(5))).isEqualTo("5m");
        assertThat(Durations.describe(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(Durations.describe(Duration.ofMillis(2500))).isEqualTo("2.5s");
        assertThat(Durations.describe(Duration.ZERO)).isEqualTo("0s");
    }
}
