package io.pulseboard.aggregator.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetriesTest {

    private static final Backoff QUICK = new Backoff(Duration.ofMillis(1), Duration.ofMillis(2));

    private final List<String> failures = new ArrayList<>();
    private final AtomicInteger calls = new AtomicInteger();

    private String failTwice() {
        if (calls.incrementAndGet() <= 2) {
            throw new IllegalStateException("away " + calls.get());
        }
        return "done";
    }

    @Test
    void workIsTriedUntilItSucceedsAndEachFailureIsTold() {
        Optional<String> answer = Retries.untilDone(
                this::failTwice, QUICK, () -> false, (attempt, e) -> failures.add(attempt + ": " + e.getMessage()));
        assertThat(answer).contains("done");
        assertThat(failures).containsExactly("1: away 1", "2: away 2");
    }

    @Test
    void workTriedForeverMayAnswerNothing() {
        String answer = Retries.forever(
                () -> {
                    failTwice();
                    return null;
                },
                QUICK,
                () -> false,
                (attempt, e) -> failures.add(attempt + ": " + e.getMessage()));
        assertThat(answer).isNull();
        assertThat(failures).containsExactly("1: away 1", "2: away 2");
    }

    @Test
    void workTriedForeverStopsWhenToldWithTheLastFailure() {
        // Told to stop during the second failure (shutting down while PostgreSQL is away).
        AtomicBoolean stopping = new AtomicBoolean();
        assertThatThrownBy(() -> Retries.forever(
                        () -> {
                            stopping.set(calls.get() == 1);
                            return failTwice();
                        },
                        QUICK,
                        stopping::get,
                        (attempt, e) -> failures.add(attempt + ": " + e.getMessage())))
                .isInstanceOf(Retries.Stopped.class)
                .hasCauseInstanceOf(IllegalStateException.class)
                .cause()
                .hasMessage("away 2");
        assertThat(calls).hasValue(2);
        assertThat(failures).as("a failure while stopping is not told").containsExactly("1: away 1");
    }

    @Test
    void workTriedForeverIsNotStartedWhenAlreadyStopping() {
        assertThatThrownBy(() -> Retries.forever(
                        this::failTwice, QUICK, () -> true, (attempt, e) -> failures.add(e.getMessage())))
                .isInstanceOf(Retries.Stopped.class)
                .hasNoCause();
        assertThat(calls).hasValue(0);
    }

    @Test
    void workThatMayBeGivenUpMustAnswerSomething() {
        assertThatThrownBy(() ->
                        Retries.untilDone(() -> null, QUICK, () -> false, (attempt, e) -> failures.add(e.getMessage())))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("answered null");
        assertThat(failures).isEmpty();
    }

    @Test
    void givingUpAfterAFailureEndsTheTriesWithNothing() {
        AtomicBoolean stopping = new AtomicBoolean();
        Optional<String> answer = Retries.untilDone(
                () -> {
                    stopping.set(true);
                    return failTwice();
                },
                QUICK,
                stopping::get,
                (attempt, e) -> failures.add(e.getMessage()));
        assertThat(answer).isEmpty();
        assertThat(calls).hasValue(1);
        assertThat(failures).as("a failure while giving up is not told").isEmpty();
    }

    @Test
    void givingUpBeforehandTriesNothing() {
        assertThat(Retries.untilDone(this::failTwice, QUICK, () -> true, (attempt, e) -> failures.add(e.getMessage())))
                .isEmpty();
        assertThat(calls).hasValue(0);
    }

    @Test
    void anInterruptEndsTheTriesAndStaysSet() {
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> Retries.untilDone(this::failTwice, QUICK, () -> false, (attempt, e) -> {}))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("interrupted");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(calls).hasValue(1);
    }
}
