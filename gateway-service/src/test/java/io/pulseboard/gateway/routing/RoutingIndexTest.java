package io.pulseboard.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulseboard.model.validation.StreamGlob;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoutingIndexTest {

    private final RoutingIndex<String> index = new RoutingIndex<>();

    @Test
    void exactNamesAndGlobsFindTheirSubscribersIncludingStreamsThatAppearLater() {
        index.add("alice", StreamGlob.compile("checkout.api"), Set.of());
        index.add("bob", StreamGlob.compile("checkout.*"), Set.of("checkout.api", "llm.chat"));
        index.add("carol", StreamGlob.compile("**"), Set.of("checkout.api", "llm.chat"));

        assertThat(index.subscribers("checkout.api")).containsExactlyInAnyOrder("alice", "bob", "carol");
        assertThat(index.subscribers("llm.chat")).containsExactly("carol");
        assertThat(index.subscribers("checkout.web")).isEmpty();

        index.streamAppeared("checkout.web");
        assertThat(index.subscribers("checkout.web")).containsExactlyInAnyOrder("bob", "carol");
        assertThat(index.globCount()).isEqualTo(2);
    }

    @Test
    void aSubscriberMatchedTwiceIsDeliveredOnceAndKeepsTheStreamUntilBothAreRemoved() {
        index.add("alice", StreamGlob.compile("checkout.*"), Set.of("checkout.api"));
        index.add("alice", StreamGlob.compile("checkout.api"), Set.of("checkout.api"));
        assertThat(index.subscribers("checkout.api")).containsExactly("alice");

        index.remove("alice", StreamGlob.compile("checkout.*"));
        assertThat(index.subscribers("checkout.api")).containsExactly("alice");
        index.streamAppeared("checkout.web");
        assertThat(index.subscribers("checkout.web")).isEmpty();

        index.remove("alice", StreamGlob.compile("checkout.api"));
        assertThat(index.subscribers("checkout.api")).isEmpty();
        assertThat(index.globCount()).isZero();
    }

    @Test
    void aGlobSharedByManySubscribersIsMatchedOncePerStream() {
        for (int i = 0; i < 1000; i++) {
            index.add("c" + i, StreamGlob.compile("llm.**"), Set.of());
        }
        index.streamAppeared("llm.chat.v2");
        assertThat(index.globCount()).isEqualTo(1);
        assertThat(index.subscribers("llm.chat.v2")).hasSize(1000);
        assertThat(index.matching(StreamGlob.compile("llm.**"), Set.of("llm.chat.v2")))
                .containsExactly("llm.chat.v2");
    }
}
