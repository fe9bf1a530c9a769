package io.pulseboard.aggregator.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Whatever the text, the parser either answers an expression that prints and reads back as itself,
 * or an {@link ExprParser.ExprException} with a position inside the text (0 to its length); never
 * another exception, and never a stack overflow.
 */
class ExprFuzzTest {

    private static final List<String> VALID = List.of(
            "p95(latency_ms) > 500",
            "errors / count > 0.05 and count > 100",
            "sum(cost_usd) / count > 0.01",
            "p95(latency_ms) > 2 * p50(latency_ms)",
            "not (error_rate >= 0.1 or rate < -1.5e3) and (max(x) - min(x)) * 2 != .5",
            "count < 10 or not not errors == 0",
            "-(count + 1) <= +3 / (rate - 2)");

    private static final List<String> TOKENS = List.of(
            "count",
            "rate",
            "errors",
            "error_rate",
            "p95",
            "sum",
            "(",
            ")",
            "latency_ms",
            " ",
            "  ",
            ">",
            ">=",
            "<",
            "<=",
            "==",
            "!=",
            "=",
            "!",
            "+",
            "-",
            "*",
            "/",
            "and",
            "or",
            "not",
            "AND",
            "Not",
            "1",
            "0.5",
            ".",
            "e",
            "1e5",
            "1e999",
            "x",
            "_",
            "\t",
            "é",
            "\u0000",
            "((((",
            "))))",
            "-----");

    @Test
    void randomTokenSoupIsParsedOrRefusedWithAPosition() {
        Random random = new Random(16);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder();
            int n = random.nextInt(12);
            for (int t = 0; t < n; t++) {
                text.append(TOKENS.get(random.nextInt(TOKENS.size())));
            }
            check(text.toString());
        }
    }

    @Test
    void randomCharactersAreParsedOrRefusedWithAPosition() {
        Random random = new Random(17);
        String alphabet = "abcenoprstux_0123456789.()<>=!+-*/ \tE";
        for (int i = 0; i < 20_000; i++) {
            char[] text = new char[random.nextInt(30)];
            for (int c = 0; c < text.length; c++) {
                text[c] = random.nextInt(50) == 0
                        ? (char) random.nextInt(0x3000)
                        : alphabet.charAt(random.nextInt(alphabet.length()));
            }
            check(new String(text));
        }
    }

    @Test
    void mutationsOfValidExpressionsAreParsedOrRefusedWithAPosition() {
        Random random = new Random(18);
        int parsed = 0;
        int refused = 0;
        for (int i = 0; i < 30_000; i++) {
            StringBuilder text = new StringBuilder(VALID.get(random.nextInt(VALID.size())));
            int mutations = 1 + random.nextInt(3);
            for (int m = 0; m < mutations; m++) {
                int at = random.nextInt(text.length() + 1);
                switch (random.nextInt(4)) {
                    case 0 -> text.insert(at, TOKENS.get(random.nextInt(TOKENS.size())));
                    case 1 -> text.delete(at, Math.min(text.length(), at + 1 + random.nextInt(4)));
                    case 2 -> {
                        if (at < text.length()) {
                            text.setCharAt(at, "()<>=!+-*/ .1ax".charAt(random.nextInt(15)));
                        }
                    }
                    default -> {
                        // Swap two parts, as a hasty edit might.
                        int other = random.nextInt(text.length() + 1);
                        int from = Math.min(at, other);
                        int to = Math.max(at, other);
                        String part = text.substring(from, to);
                        text.delete(from, to).append(part);
                    }
                }
            }
            if (check(text.toString())) {
                parsed++;
            } else {
                refused++;
            }
        }
        // Both outcomes are exercised: the mutations are neither all harmless nor all fatal.
        assertThat(parsed).isGreaterThan(100);
        assertThat(refused).isGreaterThan(100);
    }

    @Test
    void hostileNestingAndLengthAreRefusedWithAPosition() {
        for (String text : List.of(
                "(".repeat(10_000),
                "not ".repeat(5_000),
                "-".repeat(10_000) + "1",
                "count > " + "(".repeat(200) + "1" + ")".repeat(200),
                "count" + " + 1".repeat(1000) + " > 1")) {
            assertThat(check(text)).as(text.substring(0, 20)).isFalse();
        }
    }

    /** True if {@code text} parsed (and then round-trips), false if it was refused properly. */
    private static boolean check(String text) {
        Expr.Condition e;
        try {
            e = ExprParser.parse(text);
        } catch (ExprParser.ExprException ex) {
            assertThat(ex.position())
                    .as("position of %s in '%s'", ex.getMessage(), text)
                    .isBetween(0, text.length());
            assertThat(ex.getMessage()).isNotBlank();
            return false;
        }
        assertThat(ExprParser.parse(e.toString()))
                .as("'%s' printed as '%s'", text, e)
                .isEqualTo(e);
        return true;
    }
}
