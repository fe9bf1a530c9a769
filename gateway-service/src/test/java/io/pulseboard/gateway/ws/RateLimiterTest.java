package io.pulseboard.gateway.ws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RateLimiterTest {

    @Test
    void admitsABurstThenTheRate() {
        RateLimiter limiter = new RateLimiter(10, 0);
        for (int i = 0; i < 10; i++) {
            assertThat(limiter.tryAcquire(0)).isTrue();
        }
        assertThat(limiter.tryAcquire(0)).isFalse();
        assertThat(limiter.tryAcquire(50_000_000)).isFalse();
        assertThat(limiter.tryAcquire(100_000_000)).isTrue();
        // A long pause refills the bucket only up to the burst.
        assertThat(limiter.tryAcquire(60_000_000_000L)).isTrue();
        int admitted = 0;
        while (limiter.tryAcquire(60_000_000_000L)) {
            admitted++;
        }
        assertThat(admitted).isEqualTo(9);
    }
}
