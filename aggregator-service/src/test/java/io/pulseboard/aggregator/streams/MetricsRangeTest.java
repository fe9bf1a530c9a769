package io.pulseboard.aggregator.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pulseboard.aggregator.api.ApiException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MetricsRangeTest {

    private static final Instant NOW = Instant.parse("2026-12-02T10:17:42Z");
    private static final Duration MAX = Duration.ofDays(366);
    private static final Duration MINUTES = Duration.ofHours(48);

    @Test
    void minuteStepsAlignToTheirSizeAndDefaultToTheirOwnRange() {
        MetricsRange oneMinute = MetricsRange.parse(null, null, "1m", NOW, MAX, MINUTES);
        assertThat(oneMinute.from()).isEqualTo("2026-12-02T09:17:00Z");
        assertThat(oneMinute.to()).isEqualTo("2026-12-02T10:18:00Z");

        MetricsRange five = MetricsRange.parse(null, null, "5m", NOW, MAX, MINUTES);
        assertThat(five.from()).isEqualTo("2026-12-02T04:15:00Z");
        assertThat(five.to()).isEqualTo("2026-12-02T10:20:00Z");

        MetricsRange fifteen = MetricsRange.parse(null, null, "15m", NOW, MAX, MINUTES);
        assertThat(fifteen.from()).isEqualTo("2026-12-01T10:15:00Z");
        assertThat(fifteen.to()).isEqualTo("2026-12-02T10:30:00Z");

        assertThat(MetricsRange.parse(null, null, null, NOW, MAX, MINUTES).step())
                .isEqualTo(Step.HOUR);
    }

    @Test
    void refusesMoreThanTenThousandPoints() {
        Duration longRetention = Duration.ofDays(30);
        assertThat(MetricsRange.parse("now-6d", null, "1m", NOW, MAX, longRetention)
                        .step())
                .isEqualTo(Step.MINUTE);
        assertThatThrownBy(() -> MetricsRange.parse("now-7d", null, "1m", NOW, MAX, longRetention))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("at step=1m has 10081 steps, more than the maximum of 10000 per answer");
    }

    @Test
    void refusesMinuteStepsBeforeTheRetentionButNotHours() {
        assertThatThrownBy(() -> MetricsRange.parse("now-49h", null, "5m", NOW, MAX, MINUTES))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("minutes are kept for 48 h (pulse.retention.minutes)")
                .hasMessageContaining("must be at or after 2026-11-30T10:17:42Z; use step=1h");
        assertThat(MetricsRange.parse("now-49h", null, "1h", NOW, MAX, MINUTES).from())
                .isEqualTo("2026-11-30T09:00:00Z");
    }
}
