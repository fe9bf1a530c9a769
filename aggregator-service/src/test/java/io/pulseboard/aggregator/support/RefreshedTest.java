package io.pulseboard.aggregator.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** A value read again on a timer: a failed read keeps the last value; a local update stands until the next read. */
class RefreshedTest {

    @Test
    void readsOnStartAndAgainAndKeepsTheLastValueWhenAReadFails() {
        AtomicInteger reads = new AtomicInteger();
        Refreshed<Integer> value = new Refreshed<>("test-values", Duration.ofHours(1), 0, last -> {
            int n = reads.incrementAndGet();
            if (n == 2) {
                throw new IllegalStateException("the database is down");
            }
            return last + 10;
        });
        try {
            value.start();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> value.get() == 10);

            value.refreshNow(); // fails
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> reads.get() == 2);
            assertThat(value.get()).isEqualTo(10);

            value.update(last -> last + 1);
            assertThat(value.get()).isEqualTo(11);
            value.refreshNow(); // from the updated value
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> value.get() == 21);
        } finally {
            value.stop();
        }
        value.refreshNow(); // stopped: nothing happens, nothing thrown
        assertThat(value.get()).isEqualTo(21);
    }
}
