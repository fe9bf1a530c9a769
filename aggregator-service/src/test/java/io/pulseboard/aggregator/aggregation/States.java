package io.pulseboard.aggregator.aggregation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

/** Field-by-field comparison of aggregates, sketches bin by bin (through their encoding). */
final class States {

    private States() {}

    static void assertSameState(HourAggregate actual, HourAggregate expected) {
        String what = expected.key().toString();
        assertThat(actual.key()).isEqualTo(expected.key());
        assertThat(actual.minutesTracked()).as(what + " minutes tracked").isEqualTo(expected.minutesTracked());
        assertThat(actual.span()).as(what + " span").isEqualTo(expected.span());
        assertThat(actual.start()).as(what + " start").isEqualTo(expected.start());
        Instant now = expected.hour().plusSeconds(1234);
        assertThat(actual.toMetrics(now)).as(what + " metrics").isEqualTo(expected.toMetrics(now));
        assertThat(actual.valueNames()).as(what + " values").isEqualTo(expected.valueNames());
        for (String name : expected.valueNames()) {
            assertSameValue(what + " " + name, actual.value(name), expected.value(name));
        }
        for (int m = 0; m < 60; m++) {
            MinuteBucket a = actual.minute(m);
            MinuteBucket e = expected.minute(m);
            String w = what + " minute " + m;
            if (e == null) {
                assertThat(a).as(w).isNull();
                continue;
            }
            assertThat(a).as(w).isNotNull();
            assertThat(a.count()).as(w + " count").isEqualTo(e.count());
            assertThat(a.errors()).as(w + " errors").isEqualTo(e.errors());
            assertThat(a.errorsByType()).as(w + " errors by type").isEqualTo(e.errorsByType());
            assertThat(a.valueNames()).as(w + " values").isEqualTo(e.valueNames());
            for (String name : e.valueNames()) {
                assertSameValue(w + " " + name, a.value(name), e.value(name));
            }
        }
    }

    static void assertSameValue(String what, ValueAggregate actual, ValueAggregate expected) {
        assertThat(actual.count()).as(what + " count").isEqualTo(expected.count());
        // boxed, so that NaN (no values) equals NaN
        assertThat(Double.valueOf(actual.sum())).as(what + " sum").isEqualTo(Double.valueOf(expected.sum()));
        assertThat(Double.valueOf(actual.min())).as(what + " min").isEqualTo(Double.valueOf(expected.min()));
        assertThat(Double.valueOf(actual.max())).as(what + " max").isEqualTo(Double.valueOf(expected.max()));
        assertThat(actual.sketchBytes()).as(what + " sketch").isEqualTo(expected.sketchBytes());
        for (double q : new double[] {0, 0.5, 0.9, 0.95, 0.99, 1}) {
            assertThat(Double.valueOf(actual.quantile(q)))
                    .as(what + " q" + q)
                    .isEqualTo(Double.valueOf(expected.quantile(q)));
        }
    }
}
