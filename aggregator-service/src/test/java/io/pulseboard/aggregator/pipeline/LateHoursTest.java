package io.pulseboard.aggregator.pipeline;

import static io.pulseboard.aggregator.pipeline.Slots.H10;
import static org.assertj.core.api.Assertions.assertThat;

import io.pulseboard.aggregator.aggregation.HourKey;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LateHoursTest {

    private final LateHours late = new LateHours(Duration.ofDays(2));

    @Test
    void anHourWithinTheMinuteRetentionIsLoadedWithItsMinutes() {
        HourKey key = new HourKey("s1", H10);
        assertThat(late.withMinutes(key, H10.plus(Duration.ofDays(2)))).isTrue();
        assertThat(late.withMinutes(key, H10.plus(Duration.ofDays(2)).plusMillis(1)))
                .isFalse();
    }
}
