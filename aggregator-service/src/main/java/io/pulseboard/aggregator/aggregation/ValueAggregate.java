package io.pulseboard.aggregator.aggregation;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.encoding.ByteArrayInput;
import com.datadoghq.sketch.ddsketch.mapping.CubicallyInterpolatedMapping;
import com.datadoghq.sketch.ddsketch.mapping.IndexMapping;
import com.datadoghq.sketch.ddsketch.store.CollapsingLowestDenseStore;
import com.datadoghq.sketch.ddsketch.store.Store;
import io.pulseboard.model.ValueStats;
import java.io.IOException;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * The statistics of one named value over an hour, a minute, or any merge of them: count, exact sum,
 * min, max, and the distribution for the percentiles.
 *
 * <h2>Percentiles</h2>
 *
 * For a quantile q of n values, the exact quantile is the value of rank {@code floor(q * (n - 1))}
 * (0-based) in sorted order, the rank DDSketch aims at. Up to {@value #EXACT_LIMIT} values are kept
 * as they are and their quantiles are exact (most minute buckets of most streams hold few values,
 * and a list of them costs a fraction of a sketch). Past that, the values go into a DDSketch with
 * a relative accuracy of 1 %: it answers a value within 1 % of the exact quantile (relative to its
 * magnitude; zeros are exact, negatives are kept in their own store). Answers are clamped to the
 * exact min and max, which only brings them closer, and quantiles 0 and 1 are min and max.
 *
 * <p>Each of the two stores of a sketch (positive and negative values) keeps at most {@value
 * #MAX_BINS} bins, about 17 decades below the largest magnitude; smaller magnitudes are collapsed
 * into the lowest kept bin (quantiles that fall in the kept range stay within 1 %), which bounds a
 * sketch at about 16 KiB per store whatever producers send. Magnitudes above about 1.78·10^308 are
 * clamped to that for the sketch only.
 *
 * <p>Which form holds the values depends only on the count, so equal sets of values give equal
 * states however they were added and merged.
 */
public final class ValueAggregate {

    /** The relative accuracy of the percentiles. */
    public static final double RELATIVE_ACCURACY = 0.01;

    /** The most bins one store of a sketch keeps. */
    public static final int MAX_BINS = 2048;

    /** Up to this many values are kept exactly; more go into a sketch. */
    public static final int EXACT_LIMIT = 32;

    static final IndexMapping MAPPING = new CubicallyInterpolatedMapping(RELATIVE_ACCURACY);
    private static final Supplier<Store> STORES = () -> new CollapsingLowestDenseStore(MAX_BINS);
    private static final double SKETCH_LIMIT = MAPPING.maxIndexableValue();
    private static final double[] NONE = new double[0];

    long count;
    final ExactSum sum;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;

    /** The values while {@code count <= EXACT_LIMIT} (the first {@code count} entries), else unused. */
    private double[] exact = NONE;

    /** The values once {@code count > EXACT_LIMIT}, else null. */
    private DDSketch sketch;

    /** The same value per minute of the hour: only on an hour's aggregate that tracks minutes. */
    ValueAggregate[] minutes;

    ValueAggregate() {
        this.sum = new ExactSum();
    }

    private ValueAggregate(ExactSum sum) {
        this.sum = sum;
    }

    /** An empty sketch of the kind every aggregate uses, so that all of them merge. */
    public static DDSketch newSketch() {
        return new DDSketch(MAPPING, STORES);
    }

    private static double forSketch(double v) {
        return v > SKETCH_LIMIT ? SKETCH_LIMIT : v < -SKETCH_LIMIT ? -SKETCH_LIMIT : v;
    }

    void add(double v) {
        sum.add(v);
        min = Math.min(min, v);
        max = Math.max(max, v);
        distribute(v);
    }

    /** Puts one value in the distribution and counts it. */
    private void distribute(double v) {
        if (sketch != null) {
            sketch.accept(forSketch(v));
        } else if (count < EXACT_LIMIT) {
            if (count == exact.length) {
                exact = Arrays.copyOf(exact, count == 0 ? 4 : (int) Math.min(EXACT_LIMIT, count * 2));
            }
            exact[(int) count] = v;
        } else {
            DDSketch s = newSketch();
            for (int i = 0; i < count; i++) {
                s.accept(forSketch(exact[i]));
            }
            s.accept(forSketch(v));
            sketch = s;
            exact = NONE;
        }
        count++;
    }

    /**
     * Whether adding {@code v} might take the sum beyond {@code limit}: a cheap bound from the count
     * and the extremes, so that the exact sum is only computed near the limit.
     */
    boolean mayExceed(double v, double limit) {
        double largest = Math.max(Math.abs(min), Math.abs(max));
        return Math.abs(v) + count * largest > limit;
    }

    /** Adds the other's values (not its minutes). */
    void merge(ValueAggregate other) {
        sum.merge(other.sum);
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
        if (other.sketch == null) {
            for (int i = 0; i < other.count; i++) {
                distribute(other.exact[i]);
            }
            return;
        }
        if (sketch == null) {
            DDSketch s = other.sketch.copy();
            for (int i = 0; i < count; i++) {
                s.accept(forSketch(exact[i]));
            }
            sketch = s;
            exact = NONE;
        } else {
            sketch.mergeWith(other.sketch);
        }
        count += other.count;
    }

    /** How many values. */
    public long count() {
        return count;
    }

    /** The exact sum, correctly rounded; 0 when there are no values. */
    public double sum() {
        return sum.value();
    }

    /** The smallest value; NaN when there are none. */
    public double min() {
        return count == 0 ? Double.NaN : min;
    }

    /** The largest value; NaN when there are none. */
    public double max() {
        return count == 0 ? Double.NaN : max;
    }

    /** sum / count; NaN when there are no values. */
    public double mean() {
        return count == 0 ? Double.NaN : sum.value() / count;
    }

    /** Whether the values are kept exactly (not yet in a sketch). */
    public boolean isExact() {
        return sketch == null;
    }

    /**
     * The value at quantile {@code q} (0 to 1): exact while few values, else within the sketch's
     * relative accuracy; clamped to [min, max], exactly min for 0 and max for 1. NaN without values.
     */
    public double quantile(double q) {
        return quantiles(q)[0];
    }

    /** {@link #quantile} of several quantiles at once. */
    public double[] quantiles(double... qs) {
        double[] out = new double[qs.length];
        if (count == 0) {
            Arrays.fill(out, Double.NaN);
            return out;
        }
        double[] sorted = sketch == null ? sortedExact() : null;
        for (int i = 0; i < qs.length; i++) {
            double q = qs[i];
            if (!(q >= 0 && q <= 1)) {
                throw new IllegalArgumentException("a quantile is between 0 and 1: " + q);
            }
            double v;
            if (q == 0.0) {
                v = min;
            } else if (q == 1.0) {
                v = max;
            } else if (sorted != null) {
                v = sorted[(int) Math.floor(q * (count - 1))];
            } else {
                v = sketch.getValueAtQuantile(q);
            }
            out[i] = Math.max(min, Math.min(max, v));
        }
        return out;
    }

    private double[] sortedExact() {
        double[] sorted = Arrays.copyOf(exact, (int) count);
        Arrays.sort(sorted);
        return sorted;
    }

    /** The values as a DDSketch (a copy), to merge elsewhere. */
    public DDSketch sketch() {
        if (sketch != null) {
            return sketch.copy();
        }
        DDSketch s = newSketch();
        for (int i = 0; i < count; i++) {
            s.accept(forSketch(exact[i]));
        }
        return s;
    }

    /** {@link #sketch()} in DDSketch's own encoding, without the index mapping (cubic, 1 %). */
    public byte[] sketchBytes() {
        Binary.Writer out = new Binary.Writer(64);
        encode(sketch(), out);
        return out.toByteArray();
    }

    /** The wire form: count, sum, mean, min, max and the four percentiles. */
    public ValueStats toStats() {
        if (count == 0) {
            return new ValueStats(0, 0, Double.NaN, Double.NaN, Double.NaN, null, null, null, null);
        }
        double[] q = quantiles(0.50, 0.90, 0.95, 0.99);
        double s = sum.value();
        return new ValueStats(count, s, min, max, s / count, q[0], q[1], q[2], q[3]);
    }

    private static void encode(DDSketch sketch, Binary.Writer out) {
        try {
            sketch.encode(out, true);
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
    }

    /**
     * count, min, max, sum, then the values: up to {@value #EXACT_LIMIT} as doubles, else the
     * length-prefixed sketch. Not the minutes.
     */
    void write(Binary.Writer out) {
        out.writeVarLong(count);
        out.writeDouble(min);
        out.writeDouble(max);
        sum.write(out);
        if (sketch == null) {
            for (int i = 0; i < count; i++) {
                out.writeDouble(exact[i]);
            }
        } else {
            int at = out.beginLength();
            encode(sketch, out);
            out.endLength(at);
        }
    }

    static ValueAggregate read(Binary.Reader in) {
        long count = in.readNonNegative();
        double min = in.readDouble();
        double max = in.readDouble();
        ExactSum sum = ExactSum.read(in);
        ValueAggregate v = new ValueAggregate(sum);
        v.count = count;
        v.min = min;
        v.max = max;
        if (count <= EXACT_LIMIT) {
            if (count > 0) {
                v.exact = new double[(int) Math.max(4, count)];
                for (int i = 0; i < count; i++) {
                    v.exact[i] = in.readDouble();
                }
            }
            return v;
        }
        Binary.Reader bytes = in.slice();
        DDSketch sketch;
        try {
            sketch = DDSketch.decode(
                    ByteArrayInput.wrap(bytes.array(), bytes.position(), bytes.remaining()), STORES, MAPPING);
        } catch (IOException | RuntimeException e) {
            throw Binary.corrupt("bad sketch: " + e);
        }
        if (Math.round(sketch.getCount()) != count) {
            throw Binary.corrupt("the sketch holds " + sketch.getCount() + " values, the count is " + count);
        }
        v.sketch = sketch;
        return v;
    }
}
