package io.pulseboard.aggregator.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;

class DaemonThreadsTest {

    @Test
    void aTimerRunsItsWorkOnOneNamedDaemonThread() throws Exception {
        ScheduledExecutorService timer = DaemonThreads.timer("pulse-test-timer");
        try {
            Thread first = timer.submit(Thread::currentThread).get();
            Thread second = timer.submit(Thread::currentThread).get();
            assertThat(first.getName()).isEqualTo("pulse-test-timer");
            assertThat(first.isDaemon()).isTrue();
            assertThat(second).isSameAs(first);
        } finally {
            timer.shutdownNow();
        }
    }
}
