package io.pulseboard.aggregator.rules;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses a rule expression by recursive descent (the grammar is {@link #GRAMMAR}; see docs/design.md,
 * "Rule expressions"). Whitespace is allowed between tokens; keywords are lowercase, as metrics are.
 * A mistake is reported with its position (the offset of the offending character, counted from 0)
 * and what was expected there, for example {@code p95(latency_ms >} gives "expected ')' at 15, found '>'".
 * Input is bounded: {@link #MAX_LENGTH} characters and {@link #MAX_DEPTH} levels of parentheses,
 * {@code not} and unary minus, so that no input can exhaust the stack.
 */
public final class ExprParser {

    public static final int MAX_LENGTH = 1000;
    public static final int MAX_DEPTH = 32;
    /** The longest {@code offset}. */
    public static final Duration MAX_OFFSET = Duration.ofDays(7);

    /** The language in EBNF, as served by {@code GET /api/rules/grammar}. */
    public static final String GRAMMAR = """
            condition  = or ;                                   (* must be a comparison, or built of them *)
            or         = and , { "or" , and } ;
            and        = not , { "and" , not } ;
            not        = "not" , not | comparison ;
            comparison = additive , [ ( ">" | ">=" | "<" | "<=" | "==" | "!=" ) , additive ] ;
            additive   = term , { ( "+" | "-" ) , term } ;
            term       = unary , { ( "*" | "/" ) , unary } ;
            unary      = ( "-" | "+" ) , unary | primary ;
            primary    = number | metric , [ "offset" , offset ] | "(" , or , ")" ;
            metric     = "count" | "rate" | "errors" | "error_rate"
                       | ( "sum" | "mean" | "min" | "max" | "p50" | "p90" | "p95" | "p99" ) , "(" , value_name , ")" ;
            offset     = digits , ( "m" | "h" | "d" ) ;          (* 1m to 7d: the window that ended that long before *)
            number     = ( digits , [ "." , [ digits ] ] | "." , digits ) , [ ( "e" | "E" ) , [ "+" | "-" ] , digits ] ;
            value_name = lowercase letter , { lowercase letter | digit | "_" } ;  (* at most 64 characters *)
            """;

    /** The rules of value names in events. */
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    private static final Pattern WORD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern OFFSET = Pattern.compile("(\\d{1,9})([a-z]*)");
    private static final Pattern NUMBER = Pattern.compile("(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?");
    private static final String OPERATORS = "an operator (>, >=, <, <=, ==, !=)";
    private static final String OPERAND = "a metric (" + String.join(", ", Expr.STREAM_METRICS) + ", or "
            + String.join("|", Expr.VALUE_METRICS) + "(value)), a number or '('";

    private final String text;
    private int pos;
    private int depth;

    /** A node with where it starts, for errors about it as a whole. */
    private record Parsed(Expr expr, int at) {}

    private ExprParser(String text) {
        this.text = text;
    }

    /** The parsed condition; an {@link ExprException} says where and what was expected. */
    public static Expr.Condition parse(String text) {
        if (text == null) {
            throw new ExprException(0, "expected an expression like 'p95(latency_ms) > 500'");
        }
        if (text.length() > MAX_LENGTH) {
            throw new ExprException(
                    MAX_LENGTH,
                    "the expression is " + text.length() + " characters long; at most " + MAX_LENGTH + " are allowed");
        }
        ExprParser p = new ExprParser(text);
        p.skipSpace();
        Expr.Condition c = p.condition(p.or());
        if (p.pos < text.length()) {
            throw p.expected("'and', 'or' or the end of the expression");
        }
        return c;
    }

    private Parsed or() {
        Parsed left = and();
        while (keyword("or")) {
            Expr.Condition l = condition(left);
            Parsed right = and();
            left = new Parsed(new Expr.Or(l, condition(right)), left.at);
        }
        return left;
    }

    private Parsed and() {
        Parsed left = not();
        while (keyword("and")) {
            Expr.Condition l = condition(left);
            Parsed right = not();
            left = new Parsed(new Expr.And(l, condition(right)), left.at);
        }
        return left;
    }

    private Parsed not() {
        int at = pos;
        if (keyword("not")) {
            enter(at);
            Parsed operand = not();
            depth--;
            return new Parsed(new Expr.Not(condition(operand)), at);
        }
        return comparison();
    }

    private Parsed comparison() {
        Parsed left = additive();
        for (Expr.Op op : Expr.Op.values()) {
            if (text.startsWith(op.symbol, pos)) {
                Expr.Value l = value(left);
                pos += op.symbol.length();
                skipSpace();
                Expr.Value r = value(additive());
                return new Parsed(new Expr.Compare(op, l, r), left.at);
            }
        }
        return left;
    }

    private Parsed additive() {
        Parsed left = term();
        while (peek() == '+' || peek() == '-') {
            Expr.ArithOp op = peek() == '+' ? Expr.ArithOp.ADD : Expr.ArithOp.SUB;
            Expr.Value l = value(left);
            pos++;
            skipSpace();
            left = new Parsed(new Expr.Arith(op, l, value(term())), left.at);
        }
        return left;
    }

    private Parsed term() {
        Parsed left = unary();
        while (peek() == '*' || peek() == '/') {
            Expr.ArithOp op = peek() == '*' ? Expr.ArithOp.MUL : Expr.ArithOp.DIV;
            Expr.Value l = value(left);
            pos++;
            skipSpace();
            left = new Parsed(new Expr.Arith(op, l, value(unary())), left.at);
        }
        return left;
    }

    private Parsed unary() {
        int at = pos;
        if (peek() != '-' && peek() != '+') {
            return primary();
        }
        boolean minus = peek() == '-';
        pos++;
        skipSpace();
        enter(at);
        // A signed literal is one number (so "-5" prints and reads back as itself).
        boolean literal = NUMBER.matcher(text).region(pos, text.length()).lookingAt();
        Expr.Value operand = value(unary());
        depth--;
        if (!minus) {
            return new Parsed(operand, at);
        }
        if (literal && operand instanceof Expr.Num n) {
            return new Parsed(new Expr.Num(-n.number()), at);
        }
        return new Parsed(new Expr.Negate(operand), at);
    }

    private Parsed primary() {
        int at = pos;
        if (peek() == '(') {
            enter(at);
            pos++;
            skipSpace();
            Parsed inner = or();
            expect(')', "')'");
            depth--;
            skipSpace();
            return new Parsed(inner.expr, at);
        }
        Matcher n = NUMBER.matcher(text).region(pos, text.length());
        if (n.lookingAt()) {
            double d = Double.parseDouble(n.group());
            if (Double.isInfinite(d)) {
                throw new ExprException(pos, "the number at " + pos + " is too large");
            }
            pos = n.end();
            skipSpace();
            return new Parsed(new Expr.Num(d), at);
        }
        String metric = word();
        if (metric == null) {
            throw expected(OPERAND);
        }
        if (isKeyword(metric)) {
            pos = at;
            throw expected(OPERAND);
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
                    at,
                    "unknown metric '" + metric + "' at " + at + ": expected one of "
                            + String.join(", ", Expr.STREAM_METRICS) + ", " + String.join(", ", Expr.VALUE_METRICS));
        }
        return new Parsed(new Expr.Metric(metric, valueName, offset()), at);
    }

    /** An optional {@code offset 1d} after a metric; {@link Duration#ZERO} without. */
    private Duration offset() {
        if (!keyword("offset")) {
            return Duration.ZERO;
        }
        int at = pos;
        Matcher m = OFFSET.matcher(text).region(pos, text.length());
        if (!m.lookingAt()) {
            throw expected("a duration after 'offset', such as 1h or 1d,");
        }
        String unit = m.group(2);
        long n = Long.parseLong(m.group(1));
        Duration offset = switch (unit) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default ->
                throw new ExprException(
                        at,
                        "'" + m.group() + "' at " + at
                                + " is no offset: write whole minutes, hours or days (30m, 1h, 1d)");
        };
        if (offset.isZero() || offset.compareTo(MAX_OFFSET) > 0) {
            throw new ExprException(at, "the offset '" + m.group() + "' at " + at + " is out of range: 1m to 7d");
        }
        pos = m.end();
        skipSpace();
        return offset;
    }

    /** {@code p} as a condition; a number where a condition belongs lacks its comparison, here. */
    private Expr.Condition condition(Parsed p) {
        if (p.expr instanceof Expr.Condition c) {
            return c;
        }
        throw expected(OPERATORS);
    }

    /** {@code p} as a number; a condition cannot be calculated with. */
    private Expr.Value value(Parsed p) {
        if (p.expr instanceof Expr.Value v) {
            return v;
        }
        throw new ExprException(p.at, "expected a number or a metric at " + p.at + ", found a condition");
    }

    /** Consumes {@code word} if it is next, as a whole word; an uppercase spelling is a mistake. */
    private boolean keyword(String word) {
        Matcher m = WORD.matcher(text).region(pos, text.length());
        if (!m.lookingAt()) {
            return false;
        }
        if (m.group().equals(word)) {
            pos = m.end();
            skipSpace();
            return true;
        }
        if (m.group().toLowerCase(Locale.ROOT).equals(word)) {
            throw new ExprException(
                    pos, "keywords are lowercase: expected '" + word + "' at " + pos + ", found '" + m.group() + "'");
        }
        return false;
    }

    private static boolean isKeyword(String word) {
        return word.equals("and") || word.equals("or") || word.equals("not") || word.equals("offset");
    }

    private void enter(int at) {
        if (++depth > MAX_DEPTH) {
            throw new ExprException(
                    at,
                    "the expression nests too deeply at " + at + ": at most " + MAX_DEPTH
                            + " levels of parentheses, 'not' and signs");
        }
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
