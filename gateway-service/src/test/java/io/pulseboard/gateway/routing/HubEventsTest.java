package io.pulseboard.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulseboard.model.validation.StreamGlob;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The hub's routing of the live feed: events or errors per name or glob, and dead-letter notices to whoever asked. */
class HubEventsTest {

    private final Hub hub = new Hub();

    /** A subscriber that notes each sample offered ("stream#ref", "errors " in front for errors only) and each frame. */
    private static final class Inbox implements Subscriber {
        final List<String> offered = new ArrayList<>();
        final List<String> frames = new ArrayList<>();

        @Override
        public void deliver(String key, String frame) {
            frames.add(frame);
        }

        @Override
        public void deliver(String key, String frame, Collection<String> carried) {
            frames.add(frame);
        }

        @Override
        public void offerEvent(EventSample sample, boolean errorsOnly) {
            offered.add((errorsOnly ? "errors " : "") + sample.stream() + "#" + sample.json());
        }
    }

    private static EventSample sample(String stream, String ref, boolean error) {
        return new EventSample(stream, error, 0, 0, ref);
    }

    private Inbox subscribed(String patterns, Kind... kinds) {
        Inbox inbox = new Inbox();
        subscribe(inbox, patterns, kinds);
        return inbox;
    }

    private void subscribe(Inbox inbox, String patterns, Kind... kinds) {
        List<StreamGlob> globs =
                Arrays.stream(patterns.split(" ")).map(StreamGlob::compile).toList();
        assertThat(hub.subscribe(inbox, globs, EnumSet.copyOf(List.of(kinds)), 10, Map.of(), "subscribed"))
                .isTrue();
    }

    @Test
    void eventsGetEverySampleOfTheirStreamsAndErrorsEverySampleMarkedErrorsOnlyWithoutASnapshot() {
        hub.onEvent(sample("a.x", "0", false));
        Inbox events = subscribed("a.*", Kind.EVENTS);
        Inbox errors = subscribed("a.x", Kind.ERRORS);
        Inbox metrics = subscribed("**", Kind.METRICS, Kind.MINUTES, Kind.ALERTS);

        hub.onEvent(sample("a.x", "1", false));
        hub.onEvent(sample("a.x", "2", true));
        hub.onEvent(sample("b.x", "3", true));
        // A stream first seen in a sample: globs match it from then on, and it is a known stream.
        hub.onEvent(sample("a.new", "4", false));

        assertThat(events.offered).containsExactly("a.x#1", "a.x#2", "a.new#4");
        // Errors-only connections are offered every sample of the stream: the others carry the errors left out before
        // them.
        assertThat(errors.offered).containsExactly("errors a.x#1", "errors a.x#2");
        assertThat(metrics.offered).isEmpty();
        assertThat(events.frames).containsExactly("subscribed");
        assertThat(errors.frames).containsExactly("subscribed");
        assertThat(hub.streams()).containsExactly("a.new", "a.x", "b.x");
    }

    @Test
    void aNameOrGlobFollowsEventsOrErrorsTheLaterReplacingTheEarlier() {
        Inbox inbox = subscribed("a", Kind.EVENTS, Kind.METRICS);
        hub.onEvent(sample("a", "1", false));
        subscribe(inbox, "a", Kind.ERRORS);
        hub.onEvent(sample("a", "2", false));
        subscribe(inbox, "a", Kind.EVENTS);
        hub.onEvent(sample("a", "3", false));
        assertThat(inbox.offered).containsExactly("a#1", "errors a#2", "a#3");
        assertThat(hub.subscriptionCount()).isEqualTo(1);

        // Unsubscribing the name stops its feed with its other kinds.
        hub.unsubscribe(inbox, List.of("a"), "unsubscribed");
        hub.onEvent(sample("a", "4", true));
        assertThat(inbox.offered).hasSize(3);
    }

    @Test
    void eventsThroughOneGlobAndErrorsThroughAnotherOfferEachSampleOnceAsEvents() {
        Inbox inbox = subscribed("a.*", Kind.EVENTS);
        subscribe(inbox, "a.x", Kind.ERRORS);
        hub.onEvent(sample("a.x", "1", false));
        hub.onEvent(sample("a.x", "2", true));
        assertThat(inbox.offered).containsExactly("a.x#1", "a.x#2");

        hub.unsubscribe(inbox, List.of("a.*"), "unsubscribed");
        hub.onEvent(sample("a.x", "3", false));
        assertThat(inbox.offered).containsExactly("a.x#1", "a.x#2", "errors a.x#3");
    }

    @Test
    void deadLettersGoOnceToEachConnectionThatAskedWhateverItsStreams() {
        Inbox twice = subscribed("none other", Kind.DEAD_LETTERS);
        Inbox once = subscribed("a", Kind.METRICS);
        subscribe(once, "b", Kind.DEAD_LETTERS, Kind.EVENTS);
        Inbox events = subscribed("**", Kind.EVENTS, Kind.METRICS);

        assertThat(hub.onDeadLetters("notice 1")).isEqualTo(2);
        assertThat(twice.frames).containsExactly("subscribed", "notice 1");
        assertThat(once.frames).containsExactly("subscribed", "subscribed", "notice 1");
        assertThat(events.frames).containsExactly("subscribed");

        // It stops with the last name or glob that asked for them.
        hub.unsubscribe(twice, List.of("none"), "unsubscribed");
        assertThat(hub.onDeadLetters("notice 2")).isEqualTo(2);
        hub.unsubscribe(twice, List.of("other"), "unsubscribed");
        hub.remove(once);
        assertThat(hub.onDeadLetters("notice 3")).isZero();
        assertThat(twice.frames).containsExactly("subscribed", "notice 1", "unsubscribed", "notice 2", "unsubscribed");
    }

    @Test
    void aClosedConnectionIsOfferedNothing() {
        Inbox inbox = subscribed("**", Kind.EVENTS, Kind.DEAD_LETTERS);
        hub.remove(inbox);
        hub.onEvent(sample("a", "1", true));
        hub.onDeadLetters("notice");
        assertThat(inbox.offered).isEmpty();
        assertThat(inbox.frames).containsExactly("subscribed");
    }
}
