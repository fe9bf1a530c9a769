package io.pulseboard.gateway.state;

import static io.pulseboard.infra.testkit.TopicWriter.alert;
import static io.pulseboard.infra.testkit.TopicWriter.metrics;
import static org.assertj.core.api.Assertions.assertThat;

import io.pulseboard.model.AlertState;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LiveStateTest {

    private final LiveState state = new LiveState();
    private final Instant ten = Instant.parse("2026-11-22T10:00:00Z");
    private final Instant eleven = Instant.parse("2026-11-22T11:00:00Z");

    @Test
    void theHighestRevisionWinsAndAFinalHourLeavesTheOpenSet() {
        assertThat(state.isNew("a")).isTrue();
        assertThat(state.apply(metrics("a", ten, 5, 2, false, Map.of()), "f2")).isTrue();
        assertThat(state.isNew("a")).isFalse();
        assertThat(state.apply(metrics("a", ten, 4, 1, false, Map.of()), "f1")).isFalse();
        assertThat(state.apply(metrics("a", eleven, 1, 1, false, Map.of()), "g1"))
                .isTrue();
        assertThat(state.openHours("a")).extracting(LiveState.Held::frame).containsExactly("f2", "g1");

        assertThat(state.apply(metrics("a", ten, 6, 3, true, Map.of()), "f3")).isTrue();
        assertThat(state.openHours("a")).extracting(LiveState.Held::frame).containsExactly("g1");
        // A late correction of a closed hour is news, but not held.
        assertThat(state.apply(metrics("a", ten, 7, 4, true, Map.of()), "f4")).isTrue();
        assertThat(state.openHourCount()).isEqualTo(1);
        assertThat(state.streams()).containsExactly("a");
    }

    @Test
    void aClosedHourRefusesStatesOlderThanItsFinalOneUntilItExpires() {
        state.apply(metrics("a", ten, 5, 2, false, Map.of()), "f2");
        state.apply(metrics("a", ten, 6, 3, true, Map.of()), "f3");
        // An aggregator restored from an older checkpoint sends the hour again from there: not news.
        assertThat(state.apply(metrics("a", ten, 5, 2, false, Map.of()), "again"))
                .isFalse();
        assertThat(state.apply(metrics("a", ten, 6, 3, true, Map.of()), "again"))
                .isFalse();
        assertThat(state.openHours("a")).isEmpty();
        assertThat(state.apply(metrics("a", ten, 7, 4, true, Map.of()), "late")).isTrue();
        assertThat(state.apply(metrics("a", ten, 6, 3, true, Map.of()), "again"))
                .isFalse();

        // What it remembers of closed hours is dropped with the hours of their age.
        state.dropExpired(Instant.parse("2026-11-22T11:11:00Z"), Duration.ofMinutes(10));
        assertThat(state.apply(metrics("a", ten, 5, 2, false, Map.of()), "after"))
                .isTrue();
    }

    @Test
    void hoursWithoutAFinalStateExpireAfterTheRetention() {
        state.apply(metrics("a", ten, 5, 1, false, Map.of()), "f");
        state.apply(metrics("b", eleven, 5, 1, false, Map.of()), "g");
        assertThat(state.dropExpired(Instant.parse("2026-11-22T11:09:00Z"), Duration.ofMinutes(10)))
                .isZero();
        assertThat(state.dropExpired(Instant.parse("2026-11-22T11:11:00Z"), Duration.ofMinutes(10)))
                .isEqualTo(1);
        assertThat(state.openHours("a")).isEmpty();
        assertThat(state.openHours("b")).hasSize(1);
    }

    @Test
    void activeAlertsAreHeldUntilResolved() {
        assertThat(state.apply(alert("r1", "a", AlertState.PENDING, 1), "p")).isTrue();
        assertThat(state.apply(alert("r1", "a", AlertState.FIRING, 2), "f")).isTrue();
        assertThat(state.apply(alert("r1", "a", AlertState.PENDING, 1), "stale"))
                .isFalse();
        assertThat(state.activeAlerts("a")).extracting(LiveState.Held::frame).containsExactly("f");
        assertThat(state.apply(alert("r1", "a", AlertState.RESOLVED, 3), "r")).isTrue();
        assertThat(state.activeAlerts("a")).isEmpty();
        assertThat(state.activeAlertCount()).isZero();
    }
}
