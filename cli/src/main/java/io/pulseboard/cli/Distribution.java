package io.pulseboard.cli;

import java.util.SplittableRandom;

/**
 * A distribution of generated values, written {@code KIND:ARGS}: {@code lognormal:MU,SIGMA},
 * {@code normal:MEAN,SD}, {@code uniform:MIN,MAX}, {@code exp:MEAN} or {@code const:X}.
 */
record Distribution(String kind, double a, double b) {

    static Distribution parse(String spec) {
        String[] parts = spec.split(":", 2);
        String kind = parts[0].trim();
        String[] args = parts.length < 2 || parts[1].isBlank() ? new String[0] : parts[1].split(",");
        int expected = switch (kind) {
            case "lognormal", "normal", "uniform" -> 2;
            case "exp", "const" -> 1;
            default ->
                throw new IllegalArgumentException("unknown distribution '" + kind
                        + "': use lognormal:MU,SIGMA, normal:MEAN,SD, uniform:MIN,MAX, exp:MEAN or const:X");
        };
        if (args.length != expected) {
            throw new IllegalArgumentException(
                    kind + " takes " + expected + " number" + (expected > 1 ? "s" : "") + ", got '" + spec + "'");
        }
        try {
            double a = Double.parseDouble(args[0].trim());
            double b = expected > 1 ? Double.parseDouble(args[1].trim()) : 0;
            return new Distribution(kind, a, b);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + spec + "' has an argument that is not a number");
        }
    }

    /** One sample, rounded to 3 decimals as a real measurement would be. */
    double sample(SplittableRandom random) {
        double x = switch (kind) {
            case "lognormal" -> Math.exp(a + b * gaussian(random));
            case "normal" -> a + b * gaussian(random);
            case "uniform" -> a + (b - a) * random.nextDouble();
            case "exp" -> -a * Math.log(1 - random.nextDouble());
            default -> a;
        };
        return Math.round(x * 1000) / 1000.0;
    }

    private static double gaussian(SplittableRandom random) {
        // Box-Muller; SplittableRandom has no nextGaussian on Java 17.
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
