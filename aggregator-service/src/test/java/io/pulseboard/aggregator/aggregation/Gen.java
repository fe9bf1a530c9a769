package io.pulseboard.aggregator.aggregation;

import io.pulseboard.model.Event;
import io.pulseboard.model.Status;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Seeded random events with value distributions that stress the aggregates. */
final class Gen {

    static final Instant T0 = Instant.parse("2026-11-22T08:00:00Z");

    static final String[] VALUE_NAMES = {
        "latency_ms", "tokens", "delta", "huge", "zeros", "constant", "tiny_neg", "pareto"
    };
    static final String[] ERROR_TYPES = {"timeout", "http_500", "oom"};

    private final SplittableRandom random;

    Gen(long seed) {
        random = new SplittableRandom(seed);
    }

    SplittableRandom random() {
        return random;
    }

    /** {@code n} events over {@code streams} and {@code hours} hours from {@link #T0}, in random order. */
    List<Event> events(int n, String[] streams, int hours) {
        List<Event> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long nanos = random.nextLong(hours * 3_600_000_000_000L);
            out.add(event(streams[random.nextInt(streams.length)], T0.plusNanos(nanos)));
        }
        return out;
    }

    Event event(String stream, Instant time) {
        boolean error = random.nextInt(10) == 0;
        String errorType = null;
        if (error) {
            int k = random.nextInt(ERROR_TYPES.length + 1);
            errorType = k == ERROR_TYPES.length ? null : ERROR_TYPES[k];
        }
        Map<String, Double> values = new LinkedHashMap<>();
        for (String name : VALUE_NAMES) {
            if (random.nextInt(10) < 7) {
                values.put(name, value(name));
            }
        }
        return new Event(stream, time, error ? Status.ERROR : Status.OK, errorType, values, Map.of(), null, null);
    }

    double value(String name) {
        switch (name) {
            case "latency_ms":
                return Math.round(Math.exp(4 + gaussian()) * 10) / 10.0;
            case "tokens":
                return random.nextInt(10) == 0 ? 0 : random.nextInt(4000);
            case "delta":
                return gaussian() * 100;
            case "huge":
                double magnitude = Math.pow(10, random.nextDouble(-6, 9));
                return random.nextBoolean() ? magnitude : -magnitude;
            case "zeros":
                int k = random.nextInt(10);
                return k < 7 ? 0.0 : k < 9 ? 1.0 : -1.0;
            case "constant":
                return 42.0;
            case "tiny_neg":
                return -random.nextDouble(1e-9, 1e-3);
            case "pareto":
                return 1.0 / Math.pow(1 - random.nextDouble(), 1 / 1.2);
            default:
                throw new IllegalArgumentException(name);
        }
    }

    private double gaussian() {
        // Box-Muller; SplittableRandom has no nextGaussian on Java 17.
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    static Event event(String stream, Instant time, Status status, String errorType, Map<String, Double> values) {
        return new Event(stream, time, status, errorType, values, Map.of(), null, null);
    }

    static Event ok(String stream, Instant time, double latency) {
        return event(stream, time, Status.OK, null, Map.of("latency_ms", latency));
    }
}
