package io.pulseboard.gateway.ws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OutboundQueueTest {

    @Test
    void aNewerStateReplacesTheWaitingOneInItsPlaceAndAnswersAreKeptEach() {
        OutboundQueue queue = new OutboundQueue();
        assertThat(queue.offer("m a 10:00", "a1")).isFalse();
        assertThat(queue.offer(null, "pong1")).isFalse();
        assertThat(queue.offer("m b 10:00", "b1")).isFalse();
        assertThat(queue.offer(null, "pong2")).isFalse();
        assertThat(queue.offer("m a 10:00", "a2")).isTrue();
        assertThat(queue.size()).isEqualTo(4);

        assertThat(queue.poll()).isEqualTo("a2");
        assertThat(queue.poll()).isEqualTo("pong1");
        assertThat(queue.poll()).isEqualTo("b1");
        assertThat(queue.poll()).isEqualTo("pong2");
        assertThat(queue.poll()).isNull();
        assertThat(queue.isEmpty()).isTrue();
        // Once sent, the same key queues again.
        assertThat(queue.offer("m a 10:00", "a3")).isFalse();
    }
}
