package io.pulseboard.aggregator.alerts;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pulseboard.model.AlertState;
import jakarta.enterprise.inject.Vetoed;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * An {@link AlertRecorder} that only counts the changes it is given, by state: for driving the
 * {@link AlertEvaluator} without PostgreSQL, Kafka or webhooks (the rule evaluation benchmark). It
 * keeps no change, so a long run holds no more memory than a short one. Not a bean.
 */
@Vetoed
public final class CountingAlertRecorder extends AlertRecorder {

    private final long[] byState = new long[AlertState.values().length];

    public CountingAlertRecorder() {
        super(null, null, null, null, null, new SimpleMeterRegistry());
    }

    /** Changes to this state recorded so far. */
    public long changes(AlertState state) {
        return byState[state.ordinal()];
    }

    /** Changes recorded so far, of any state. */
    public long changes() {
        long n = 0;
        for (long c : byState) {
            n += c;
        }
        return n;
    }

    @Override
    void record(AlertChange change) {
        byState[change.state().ordinal()]++;
    }

    @Override
    List<AlertEntity> live(Collection<Integer> partitions) {
        return List.of();
    }

    @Override
    void drain(Duration timeout) {}

    @Override
    void forgetGroups(Collection<Integer> partitions) {}
}
