package io.pulseboard.aggregator.aggregation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExactSumTest {

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void isTheCorrectlyRoundedExactSumInAnyOrder(long seed) {
        Random random = new Random(seed);
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            double magnitude = Math.pow(10, random.nextInt(40) - 20) * random.nextDouble();
            double v = random.nextBoolean() ? magnitude : -magnitude;
            values.add(v);
            if (random.nextInt(20) == 0) {
                values.add(-v); // cancellation
            }
        }
        values.add(1e16);
        values.add(1.0);
        values.add(-1e16);
        double[] array = values.stream().mapToDouble(Double::doubleValue).toArray();
        double exact = Exact.sum(array);

        ExactSum inOrder = new ExactSum();
        values.forEach(inOrder::add);
        assertThat(inOrder.value()).isEqualTo(exact);

        Collections.shuffle(values, random);
        ExactSum left = new ExactSum();
        ExactSum right = new ExactSum();
        for (int i = 0; i < values.size(); i++) {
            (i % 3 == 0 ? left : right).add(values.get(i));
        }
        left.merge(right);
        assertThat(left.value()).isEqualTo(exact);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.1, 1e-300, 3.0, 1e300})
    void roundsHalfToEvenAcrossPartials(double unit) {
        ExactSum s = new ExactSum();
        s.add(1.0);
        s.add(Math.ulp(1.0) / 2); // exactly half an ulp: ties to even, stays 1.0
        assertThat(s.value()).isEqualTo(1.0);
        s.add(Math.ulp(1.0) / 1024); // now more than half: rounds up
        assertThat(s.value()).isEqualTo(1.0 + Math.ulp(1.0));
        ExactSum z = new ExactSum();
        z.add(unit);
        z.add(-unit);
        assertThat(z.value()).isEqualTo(0.0);
    }
}
