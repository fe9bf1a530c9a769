package io.pulseboard.aggregator.rules;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses {@code METRIC OP NUMBER} (see docs/design.md, "Alert rules"). Whitespace is allowed
 * between the parts. A mistake is reported with its position (the offset of the offending
 * character, counted from 0) and what was expected there, for example {@code p95(latency_ms >}
 * gives "expected ')' at 15, found '>'".
 */
public final class ExprParser {

    /** The rules of value names in events. */
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    private static final Pattern WORD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?");
    private static final String OPERATORS = "an operator (>, >=, <, <=, ==, !=)";

    private final String text;
    private int pos;

    private ExprParser(String text) {
        this.text = text;
    }

    /** The parsed expression; an {@link ExprException} says where and what was expected. */
    public static Expr parse(String text) {
        if (text == null) {
            throw new ExprException(0, "expected an expression like 'p95(latency_ms) > 500'");
        }
        return new ExprParser(text).expression();
    }

    private Expr expression() {
        skipSpace();
        int metricAt = pos;
        String metric = word();
        if (metric == null) {
            throw expected("a metric (" + String.join(", ", Expr.STREAM_METRICS) + ", or "
                    + String.join("|", Expr.VALUE_METRICS) + "(value))");
        }
        String valueName = null;
        skipSpace();
        if (Expr.VALUE_METRICS.contains(metric)) {
            expect('(', "'('");
            skipSpace();
            int nameAt = pos;
            String name = word();
            if (name == null) {
                throw expected("a value name");
            }
            if (!NAME.matcher(name).matches()) {
                throw new ExprException(
                        nameAt,
                        "invalid value name '" + name
                                + "': a value name is a lowercase letter, then up to 63 lowercase letters, digits or _");
            }
            valueName = name;
            skipSpace();
            expect(')', "')'");
            skipSpace();
        } else if (Expr.STREAM_METRICS.contains(metric)) {
            if (peek() == '(') {
                throw new ExprException(pos, metric + " takes no value name: expected " + OPERATORS + " at " + pos);
            }
        } else {
            throw new ExprException(
                    metricAt,
                    "unknown metric '" + metric + "' at " + metricAt + ": expected one of "
                            + String.join(", ", Expr.STREAM_METRICS) + ", " + String.join(", ", Expr.VALUE_METRICS));
        }
        Expr.Op op = operator();
        skipSpace();
        double threshold = number();
        skipSpace();
        if (pos < text.length()) {
            throw expected("the end of the expression");
        }
        return new Expr(metric, valueName, op, threshold);
    }

    private Expr.Op operator() {
        for (Expr.Op op : Expr.Op.values()) {
            if (text.startsWith(op.symbol, pos)) {
                pos += op.symbol.length();
                return op;
            }
        }
        throw expected(OPERATORS);
    }

    private double number() {
        Matcher m = NUMBER.matcher(text).region(pos, text.length());
        if (!m.lookingAt()) {
            throw expected("a number");
        }
        double d = Double.parseDouble(m.group());
        if (Double.isInfinite(d)) {
            throw new ExprException(pos, "the number at " + pos + " is too large");
        }
        pos = m.end();
        return d;
    }

    private String word() {
        Matcher m = WORD.matcher(text).region(pos, text.length());
        if (!m.lookingAt()) {
            return null;
        }
        pos = m.end();
        return m.group();
    }

    private void expect(char c, String what) {
        if (peek() != c) {
            throw expected(what);
        }
        pos++;
    }

    private int peek() {
        return pos < text.length() ? text.charAt(pos) : -1;
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private ExprException expected(String what) {
        String found = pos < text.length() ? "found '" + text.charAt(pos) + "'" : "found the end";
        return new ExprException(pos, "expected " + what + " at " + pos + ", " + found);
    }

    /** A syntax error: {@link #position()} is the offset of the offending character, from 0. */
    public static final class ExprException extends IllegalArgumentException {

        private final int position;

        ExprException(int position, String message) {
            super(message);
            this.position = position;
        }

        public int position() {
            return position;
        }
    }
}
