package io.pulseboard.aggregator.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ValueAggregateTest {

    private static ValueAggregate of(double[] values, int from, int to) {
        ValueAggregate v = new ValueAggregate();
        for (int i = from; i < to; i++) {
            v.add(values[i]);
        }
        return v;
    }

    private static ValueAggregate roundTrip(ValueAggregate v) {
        Binary.Writer out = new Binary.Writer(16);
        v.write(out);
        Binary.Reader in = new Binary.Reader(out.toByteArray());
        ValueAggregate back = ValueAggregate.read(in);
        in.expectEnd("value");
        return back;
    }

    @Test
    void fewValuesAreExactAndManyGoIntoTheSketchWhateverTheWayTheyCame() {
        SplittableRandom random = new SplittableRandom(5);
        for (int n = 0; n <= 3 * ValueAggregate.EXACT_LIMIT; n++) {
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                values[i] = random.nextInt(5) == 0 ? 0.0 : (random.nextDouble() - 0.3) * 1000;
            }
            ValueAggregate added = of(values, 0, n);
            assertThat(added.isExact()).isEqualTo(n <= ValueAggregate.EXACT_LIMIT);
            assertThat(added.count()).isEqualTo(n);
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            for (double q : new double[] {0, 0.5, 0.9, 0.95, 0.99, 1}) {
                if (n == 0) {
                    assertThat(added.quantile(q)).isNaN();
                } else if (added.isExact()) {
                    assertThat(added.quantile(q)).isEqualTo(Exact.quantile(sorted, q));
                } else {
                    Exact.assertQuantile("n=" + n, added.quantile(q), sorted, q);
                }
            }
            for (int split = 0; split <= n; split += Math.max(1, n / 7)) {
                ValueAggregate merged = of(values, 0, split);
                merged.merge(of(values, split, n));
                States.assertSameValue("n=" + n + " split=" + split, merged, added);
                ValueAggregate reversed = of(values, split, n);
                reversed.merge(of(values, 0, split));
                States.assertSameValue("n=" + n + " split=" + split + " reversed", reversed, added);
            }
            ValueAggregate back = roundTrip(added);
            States.assertSameValue("n=" + n + " restored", back, added);
            assertThat(back.isExact()).isEqualTo(added.isExact());
            back.add(7);
            added.add(7);
            States.assertSameValue("n=" + n + " restored and continued", back, added);
        }
    }

    @Test
    void refusesQuantilesOutsideZeroToOne() {
        ValueAggregate v = new ValueAggregate();
        v.add(1);
        assertThatThrownBy(() -> v.quantile(1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> v.quantile(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThat(v.toStats().p99()).isEqualTo(1.0);
    }
}
