package io.pulseboard.aggregator.recent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Batches written per checkpoint, pruned and trimmed as {@link RecentStore} does it, keep exactly a
 * stream's last events and last errors, and never more than the bound: against brute force.
 */
class KeptRuleTest {

    @Test
    void batchesKeepTheLastEventsAndErrorsWithinTheBound() {
        Random random = new Random(11);
        for (int round = 0; round < 300; round++) {
            int events = 1 + random.nextInt(12);
            int errors = random.nextInt(12);
            KeptRule rule = new KeptRule(events, errors);
            List<Stored> store = new ArrayList<>(); // oldest first, as written
            List<KeptEvent> sent = new ArrayList<>();
            long offset = 0;
            double errorRate = random.nextDouble();
            for (int checkpoint = 0; checkpoint < 30; checkpoint++) {
                RecentBuffer buffer = new RecentBuffer(events, errors);
                int n = random.nextInt(4) == 0 ? 0 : random.nextInt(3 * events + 3);
                for (int i = 0; i < n; i++) {
                    KeptEvent e = RecentBufferTest.kept("s", offset++, random.nextDouble() < errorRate);
                    sent.add(e);
                    buffer.add(e);
                }
                for (List<KeptEvent> batch : buffer.batches()) {
                    RecentBatch b = RecentBatch.of(batch);
                    assertThat(b.ref()).isEqualTo(batch.get(batch.size() - 1).ref());
                    store.add(new Stored(
                            b.events(),
                            b.errors(),
                            RecentBatch.decode(b.ref(), b.stream(), b.okEvents(), b.errorEvents())));
                }
                prune(rule, store);

                List<Long> kept = new ArrayList<>();
                long[][] newer = newer(store);
                for (int i = 0; i < store.size(); i++) {
                    rule.kept(store.get(i).body, newer[i][0], newer[i][1]).forEach(e -> kept.add(e.offset()));
                }
                assertThat(kept)
                        .as("round %d, checkpoint %d", round, checkpoint)
                        .isEqualTo(bruteForce(sent, events, errors));
                int stored = store.stream().mapToInt(s -> s.body.size()).sum();
                assertThat(stored)
                        .as("round %d, checkpoint %d", round, checkpoint)
                        .isLessThanOrEqualTo(2 * events + 3 * errors);
            }
        }
    }

    @Test
    void aBatchIsDecodedAsItWasWritten() {
        KeptEvent ok = RecentBufferTest.kept("s", 41, false);
        KeptEvent error = RecentBufferTest.kept("s", 42, true);
        RecentBatch b = RecentBatch.of(List.of(ok, error));
        assertThat(b.events()).isEqualTo(2);
        assertThat(b.errors()).isEqualTo(1);
        assertThat(b.newest()).isEqualTo(error.received());
        assertThat(b.oldest()).isEqualTo(ok.received());
        List<StoredEvent> read = RecentBatch.decode(b.ref(), b.stream(), b.okEvents(), b.errorEvents());
        assertThat(read).extracting(StoredEvent::ref).containsExactly("0:41", "0:42");
        assertThat(RecentBatch.decode(b.ref(), b.stream(), null, b.errorEvents()))
                .extracting(StoredEvent::ref)
                .containsExactly("0:42");
        assertThat(RecentBatch.of(List.of(error)).okEvents()).isNull();
        assertThat(read).extracting(StoredEvent::error).containsExactly(false, true);
        assertThat(read.get(1).received()).isEqualTo(error.received());
        assertThat(read.get(1).event()).contains("\"status\":\"error\"").contains("\"id\":\"id-42\"");
    }

    /** What the delete and the update of {@link RecentStore#prune} do. */
    private static void prune(KeptRule rule, List<Stored> store) {
        long[][] newer = newer(store);
        List<Stored> left = new ArrayList<>();
        for (int i = 0; i < store.size(); i++) {
            Stored s = store.get(i);
            if (!rule.mayKeep(newer[i][0], newer[i][1], s.errors)) {
                continue;
            }
            if (rule.dropsOk(newer[i][0], newer[i][1], s.errors, s.body.stream().anyMatch(e -> !e.error()))) {
                s = new Stored(
                        s.events,
                        s.errors,
                        s.body.stream().filter(StoredEvent::error).toList());
            }
            left.add(s);
        }
        store.clear();
        store.addAll(left);
    }

    /** Per batch, the events and errors its newer batches hold (their counts, not their bodies). */
    private static long[][] newer(List<Stored> store) {
        long[][] out = new long[store.size()][2];
        long events = 0;
        long errors = 0;
        for (int i = store.size() - 1; i >= 0; i--) {
            out[i][0] = events;
            out[i][1] = errors;
            events += store.get(i).events;
            errors += store.get(i).errors;
        }
        return out;
    }

    private static List<Long> bruteForce(List<KeptEvent> sent, int events, int errors) {
        List<KeptEvent> errs = sent.stream().filter(KeptEvent::isError).toList();
        List<KeptEvent> lastAll = sent.subList(Math.max(0, sent.size() - events), sent.size());
        List<KeptEvent> lastErrs = errs.subList(Math.max(0, errs.size() - errors), errs.size());
        return sent.stream()
                .filter(e -> lastAll.contains(e) || lastErrs.contains(e))
                .map(KeptEvent::offset)
                .toList();
    }

    private record Stored(int events, int errors, List<StoredEvent> body) {}
}
