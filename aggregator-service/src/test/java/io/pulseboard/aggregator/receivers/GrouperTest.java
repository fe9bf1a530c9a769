package io.pulseboard.aggregator.receivers;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulseboard.model.Alert;
import io.pulseboard.model.AlertState;
import io.pulseboard.model.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The grouper on explicit instants: group wait, interval, repeat, resolution, caps and keys. */
class GrouperTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Grouper.Settings BY_RULE = new Grouper.Settings(
            List.of("rule_id"), Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofHours(4));

    private final Grouper grouper = new Grouper(100, 100);

    private static Alert alert(String rule, String stream, AlertState state, Map<String, String> labels) {
        return new Alert(
                rule + "/" + stream,
                rule,
                "rule " + rule,
                stream,
                Severity.WARNING,
                state,
                "count > 1",
                2.0,
                1,
                T0,
                T0,
                state == AlertState.RESOLVED ? T0 : null,
                null,
                null,
                null,
                labels,
                1);
    }

    private static Alert firing(String rule, String stream) {
        return alert(rule, stream, AlertState.FIRING, Map.of());
    }

    private static Alert resolved(String rule, String stream) {
        return alert(rule, stream, AlertState.RESOLVED, Map.of());
    }

    private static Instant at(Duration d) {
        return T0.plus(d);
    }

    private static List<String> streams(Grouper.Batch batch) {
        return batch.alerts().stream().map(Alert::stream).toList();
    }

    @Test
    void aNewGroupIsSentOnceAfterGroupWaitWithEveryAlert() {
        for (int i = 0; i < 30; i++) {
            grouper.add("ops", BY_RULE, firing("r1", "s%02d".formatted(i)), 0, at(Duration.ofMillis(100L * i)));
        }
        assertThat(grouper.due(at(Duration.ofSeconds(9)))).isEmpty();
        List<Grouper.Batch> due = grouper.due(at(Duration.ofSeconds(10)));
        assertThat(due).hasSize(1);
        Grouper.Batch batch = due.get(0);
        assertThat(batch.receiver()).isEqualTo("ops");
        assertThat(batch.group()).containsExactly(Map.entry("rule_id", "r1"));
        assertThat(batch.alerts()).hasSize(30);
        assertThat(batch.firing()).isEqualTo(30);
        assertThat(grouper.due(at(Duration.ofSeconds(11)))).isEmpty();
    }

    @Test
    void changesAfterTheFirstSendWaitForGroupInterval() {
        grouper.add("ops", BY_RULE, firing("r1", "a"), 0, T0);
        assertThat(grouper.due(at(Duration.ofSeconds(10)))).hasSize(1);
        grouper.add("ops", BY_RULE, firing("r1", "b"), 0, at(Duration.ofSeconds(20)));
        grouper.add("ops", BY_RULE, resolved("r1", "a"), 0, at(Duration.ofSeconds(30)));
        assertThat(grouper.due(at(Duration.ofSeconds(69)))).isEmpty();
        List<Grouper.Batch> due = grouper.due(at(Duration.ofSeconds(70)));
        assertThat(due).hasSize(1);
        // The changed ones and the ones still firing, firing first.
        assertThat(streams(due.get(0))).containsExactly("b", "a");
        assertThat(due.get(0).firing()).isEqualTo(1);
        assertThat(due.get(0).resolved()).isEqualTo(1);
        // The resolved alert was sent once and left the group.
        grouper.add("ops", BY_RULE, firing("r1", "c"), 0, at(Duration.ofSeconds(80)));
        assertThat(streams(grouper.due(at(Duration.ofSeconds(130))).get(0))).containsExactly("b", "c");
    }

    @Test
    void aFiringGroupWithoutChangeRepeatsAfterRepeatInterval() {
        grouper.add("ops", BY_RULE, firing("r1", "a"), 0, T0);
        assertThat(grouper.due(at(Duration.ofSeconds(10)))).hasSize(1);
        assertThat(grouper.due(at(Duration.ofHours(4)))).isEmpty();
        List<Grouper.Batch> repeat = grouper.due(at(Duration.ofHours(4).plusSeconds(10)));
        assertThat(repeat).hasSize(1);
        assertThat(streams(repeat.get(0))).containsExactly("a");
        assertThat(grouper.due(at(Duration.ofHours(5)))).isEmpty();
        assertThat(grouper.due(at(Duration.ofHours(8).plusSeconds(10)))).hasSize(1);
    }

    @Test
    void aZeroRepeatIntervalNeverRepeats() {
        Grouper.Settings never =
                new Grouper.Settings(List.of("rule_id"), Duration.ZERO, Duration.ofMinutes(1), Duration.ZERO);
        grouper.add("ops", never, firing("r1", "a"), 0, T0);
        assertThat(grouper.due(T0)).hasSize(1);
        assertThat(grouper.due(at(Duration.ofDays(30)))).isEmpty();
        assertThat(grouper.groups()).isEqualTo(1);
    }

    @Test
    void aGroupWhoseAlertsAllResolvedIsSentOnceMoreAndDropped() {
        grouper.add("ops", BY_RULE, firing("r1", "a"), 0, T0);
        grouper.add("ops", BY_RULE, firing("r1", "b"), 0, T0);
        grouper.due(at(Duration.ofSeconds(10)));
        grouper.add("ops", BY_RULE, resolved("r1", "a"), 0, at(Duration.ofSeconds(20)));
        grouper.add("ops", BY_RULE, resolved("r1", "b"), 0, at(Duration.ofSeconds(21)));
        List<Grouper.Batch> last = grouper.due(at(Duration.ofSeconds(70)));
        assertThat(last).hasSize(1);
        assertThat(last.get(0).resolved()).isEqualTo(2);
        assertThat(grouper.groups()).isZero();
        assertThat(grouper.due(at(Duration.ofHours(5)))).isEmpty();
    }

    @Test
    void groupsAreKeyedByReceiverAndTheGroupByValues() {
        Grouper.Settings byTeam = new Grouper.Settings(
                List.of("labels.team", "severity"), Duration.ZERO, Duration.ofMinutes(1), Duration.ofHours(4));
        grouper.add("ops", byTeam, alert("r1", "a", AlertState.FIRING, Map.of("team", "pay")), 0, T0);
        grouper.add("ops", byTeam, alert("r2", "b", AlertState.FIRING, Map.of("team", "pay")), 0, T0);
        grouper.add("ops", byTeam, alert("r1", "c", AlertState.FIRING, Map.of("team", "web")), 0, T0);
        grouper.add("ops", byTeam, alert("r1", "d", AlertState.FIRING, Map.of()), 0, T0);
        grouper.add("other", byTeam, alert("r1", "e", AlertState.FIRING, Map.of("team", "pay")), 0, T0);
        List<Grouper.Batch> due = grouper.due(T0);
        assertThat(due)
                .extracting(b -> b.receiver() + " " + b.group() + " " + streams(b))
                .containsExactlyInAnyOrder(
                        "ops {labels.team=pay, severity=warning} [a, b]",
                        "ops {labels.team=web, severity=warning} [c]",
                        "ops {labels.team=, severity=warning} [d]",
                        "other {labels.team=pay, severity=warning} [e]");
    }

    @Test
    void capsRefuseNewGroupsAndNewAlertsButNotUpdates() {
        Grouper small = new Grouper(2, 3);
        assertThat(small.add("ops", BY_RULE, firing("r1", "a"), 0, T0)).isTrue();
        assertThat(small.add("ops", BY_RULE, firing("r2", "a"), 0, T0)).isTrue();
        assertThat(small.add("ops", BY_RULE, firing("r3", "a"), 0, T0))
                .as("a third group")
                .isFalse();
        assertThat(small.add("ops", BY_RULE, firing("r1", "b"), 0, T0)).isTrue();
        assertThat(small.add("ops", BY_RULE, firing("r1", "c"), 0, T0)).isTrue();
        assertThat(small.add("ops", BY_RULE, firing("r1", "d"), 0, T0))
                .as("a fourth alert")
                .isFalse();
        assertThat(small.add("ops", BY_RULE, resolved("r1", "c"), 0, T0))
                .as("an alert of the group changing")
                .isTrue();
        assertThat(small.groups()).isEqualTo(2);
        Grouper.Batch r1 = small.due(at(Duration.ofSeconds(10))).stream()
                .filter(b -> b.group().get("rule_id").equals("r1"))
                .findFirst()
                .orElseThrow();
        assertThat(streams(r1)).containsExactly("a", "b", "c");
    }

    @Test
    void pendingChangesAreNotGrouped() {
        grouper.add("ops", BY_RULE, alert("r1", "a", AlertState.PENDING, Map.of()), 0, T0);
        assertThat(grouper.groups()).isZero();
    }

    @Test
    void alertsOfPartitionsGivenUpLeaveTheirGroups() {
        grouper.add("ops", BY_RULE, firing("r1", "a"), 0, T0);
        grouper.add("ops", BY_RULE, firing("r1", "b"), 1, T0);
        grouper.add("ops", BY_RULE, firing("r2", "c"), 1, T0);
        grouper.forget(List.of(1));
        assertThat(grouper.groups()).isEqualTo(1);
        assertThat(streams(grouper.due(at(Duration.ofSeconds(10))).get(0))).containsExactly("a");
    }

    @Test
    void anAlertMovingToAnotherReceiverLeavesItsOldGroup() {
        grouper.add("ops", BY_RULE, firing("r1", "a"), 0, T0);
        grouper.add("ops", BY_RULE, firing("r1", "b"), 0, T0);
        grouper.add("pager", BY_RULE, firing("r1", "a"), 0, T0);
        assertThat(grouper.due(at(Duration.ofSeconds(10))))
                .extracting(b -> b.receiver() + " " + streams(b))
                .containsExactlyInAnyOrder("ops [b]", "pager [a]");
    }

    @Test
    void anAlertDroppedLeavesItsGroupUnsent() {
        grouper.add("ops", BY_RULE, firing("r1", "a"), 0, T0);
        grouper.drop("r1/a");
        assertThat(grouper.groups()).isZero();
        assertThat(grouper.due(at(Duration.ofHours(5)))).isEmpty();
    }
}
