package io.pulseboard.aggregator.aggregation;

import java.util.Arrays;

/**
 * An exact running sum of doubles (Shewchuk's non-overlapping partials, as in Python's {@code
 * math.fsum}). {@link #value()} is the exact sum correctly rounded to a double, whatever the order
 * of the additions and merges, so merging two aggregates gives bit for bit the sum of adding their
 * values together, and a restored aggregate continues exactly.
 *
 * <p>The one loss: when an intermediate sum overflows the double range (values near {@code
 * Double.MAX_VALUE}), the sum sticks at that infinity (NaN if both signs overflow).
 */
final class ExactSum {

    private static final double[] NONE = new double[0];

    /** Non-overlapping, in increasing magnitude, none zero; their exact sum is the sum. */
    private double[] partials = NONE;

    private int size;

    /** 0, or the infinity (or NaN) the sum overflowed to. */
    private double overflow;

    void add(double x) {
        if (overflow != 0.0) {
            return;
        }
        double[] p = partials;
        int kept = 0;
        for (int j = 0; j < size; j++) {
            double y = p[j];
            if (Math.abs(x) < Math.abs(y)) {
                double t = x;
                x = y;
                y = t;
            }
            double hi = x + y;
            double lo = y - (hi - x);
            if (lo != 0.0) {
                p[kept++] = lo;
            }
            x = hi;
        }
        if (Double.isInfinite(x) || Double.isNaN(x)) {
            overflow = x;
            size = 0;
            return;
        }
        if (x != 0.0) {
            if (kept == p.length) {
                p = partials = Arrays.copyOf(p, Math.max(4, kept * 2));
            }
            p[kept++] = x;
        }
        size = kept;
    }

    void merge(ExactSum other) {
        if (other.overflow != 0.0) {
            overflow = overflow == 0.0 ? other.overflow : overflow + other.overflow;
            size = 0;
            return;
        }
        for (int i = 0; i < other.size; i++) {
            add(other.partials[i]);
        }
    }

    /** The exact sum, correctly rounded (half to even). */
    double value() {
        if (overflow != 0.0) {
            return overflow;
        }
        int n = size;
        if (n == 0) {
            return 0.0;
        }
        double[] p = partials;
        double hi = p[--n];
        double lo = 0.0;
        while (n > 0) {
            double x = hi;
            double y = p[--n];
            hi = x + y;
            double yr = hi - x;
            lo = y - yr;
            if (lo != 0.0) {
                break;
            }
        }
        // Half-even rounding across several partials: if the rest has the sign of lo, round away.
        if (n > 0 && ((lo < 0.0 && p[n - 1] < 0.0) || (lo > 0.0 && p[n - 1] > 0.0))) {
            double y = lo * 2.0;
            double x = hi + y;
            double yr = x - hi;
            if (y == yr) {
                hi = x;
            }
        }
        return hi;
    }

    void write(Binary.Writer out) {
        out.writeDouble(overflow);
        out.writeVarInt(size);
        for (int i = 0; i < size; i++) {
            out.writeDouble(partials[i]);
        }
    }

    static ExactSum read(Binary.Reader in) {
        ExactSum sum = new ExactSum();
        sum.overflow = in.readDouble();
        int n = in.readCount(8);
        if (n > 0) {
            sum.partials = new double[Math.max(4, n)];
            for (int i = 0; i < n; i++) {
                sum.partials[i] = in.readDouble();
            }
        }
        sum.size = n;
        return sum;
    }
}
