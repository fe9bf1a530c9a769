package io.pulseboard.aggregator.recent;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulseboard.model.Event;
import io.pulseboard.model.Status;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** What the buffer holds is what the kept set will be: against brute force over random streams. */
class RecentBufferTest {

    @Test
    void holdsTheLastEventsAndBesidesThemTheLastErrorsOfEachStream() {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            int events = 1 + random.nextInt(10);
            int errors = random.nextInt(10);
            RecentBuffer buffer = new RecentBuffer(events, errors);
            List<KeptEvent> sent = new ArrayList<>();
            int n = random.nextInt(60);
            for (int i = 0; i < n; i++) {
                KeptEvent e = kept("s" + random.nextInt(3), i, random.nextInt(4) == 0);
                sent.add(e);
                buffer.add(e);
            }
            List<KeptEvent> expected = new ArrayList<>();
            for (String stream : List.of("s0", "s1", "s2")) {
                List<KeptEvent> of =
                        sent.stream().filter(e -> e.stream().equals(stream)).toList();
                List<KeptEvent> errs = of.stream().filter(KeptEvent::isError).toList();
                List<KeptEvent> lastAll = of.subList(Math.max(0, of.size() - events), of.size());
                List<KeptEvent> lastErrs = errs.subList(Math.max(0, errs.size() - errors), errs.size());
                of.stream()
                        .filter(e -> lastAll.contains(e) || lastErrs.contains(e))
                        .forEach(expected::add);
            }
            assertThat(pending(buffer)).as("round %d", round).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(pending(buffer)).doesNotHaveDuplicates();
        }
    }

    @Test
    void anOldErrorOutlivesNewerEventsUntilNewerErrorsPushItOut() {
        RecentBuffer buffer = new RecentBuffer(3, 1);
        KeptEvent error = kept("s", 0, true);
        buffer.add(error);
        for (int i = 1; i <= 10; i++) {
            buffer.add(kept("s", i, false));
        }
        assertThat(pending(buffer)).extracting(KeptEvent::offset).containsExactly(0L, 8L, 9L, 10L);
        buffer.add(kept("s", 11, true));
        assertThat(pending(buffer)).extracting(KeptEvent::offset).containsExactly(9L, 10L, 11L);
        buffer.clear();
        assertThat(buffer.isEmpty()).isTrue();
        assertThat(pending(buffer)).isEmpty();
    }

    private static List<KeptEvent> pending(RecentBuffer buffer) {
        List<KeptEvent> all = new ArrayList<>();
        for (List<KeptEvent> batch : buffer.batches()) {
            assertThat(batch).extracting(KeptEvent::stream).containsOnly(batch.get(0).stream());
            assertThat(batch).extracting(KeptEvent::offset).isSorted();
            all.addAll(batch);
        }
        return all;
    }

    static KeptEvent kept(String stream, long offset, boolean error) {
        Event e = new Event(
                stream,
                Instant.EPOCH.plusSeconds(offset),
                error ? Status.ERROR : Status.OK,
                error ? "timeout" : null,
                Map.of(),
                Map.of(),
                null,
                "id-" + offset);
        return new KeptEvent(0, offset, Instant.EPOCH.plusSeconds(offset), e);
    }
}
