package io.pulseboard.aggregator.support;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The clock the aggregator's decisions are made by: UTC wall time (a test may give its own). */
@Singleton
public class SystemClock {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
