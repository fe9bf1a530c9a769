package io.pulseboard.model.validation;

import java.util.Arrays;

/**
 * A stream name pattern, as used by alert rules and WebSocket subscriptions.
 *
 * <p>Segments are separated by dots. {@code *} matches any characters within one segment,
 * possibly none, and may be mixed with literal text ({@code llm-*}, {@code *.api}). {@code **}
 * stands for a whole segment and matches one or more segments: {@code checkout.**} matches {@code
 * checkout.api} and {@code checkout.api.v2} but not {@code checkout}, and {@code **} alone matches
 * every stream. Literal characters follow the stream name rules.
 *
 * <p>Matching simulates the pattern as an automaton over all positions at once, so its cost is at
 * most (name length) x (pattern length) whatever the input: there is no backtracking to exploit.
 */
public final class StreamGlob {

    /** Any characters within a segment. */
    private static final int STAR = -1;

    /** Any characters across dots. */
    private static final int GLOBSTAR = -2;

    private final String pattern;

    /** Literal characters, {@link #STAR} and {@link #GLOBSTAR}, in pattern order. */
    private final int[] elements;

    private final boolean literal;

    private StreamGlob(String pattern, int[] elements) {
        this.pattern = pattern;
        this.elements = elements;
        this.literal = Arrays.stream(elements).allMatch(e -> e >= 0);
    }

    /** Compiles a glob; an {@link IllegalArgumentException} says where and what is wrong. */
    public static StreamGlob compile(String glob) {
        if (glob == null || glob.isEmpty()) {
            throw new IllegalArgumentException("stream glob is empty: give a stream name or a glob");
        }
        if (glob.length() > StreamNames.MAX_LENGTH) {
            throw invalid(
                    glob,
                    "is " + glob.length() + " characters long; at most " + StreamNames.MAX_LENGTH + " are allowed");
        }
        int[] elements = new int[glob.length()];
        int count = 0;
        int i = 0;
        while (i < glob.length()) {
            char c = glob.charAt(i);
            if (c == '*') {
                int stars = 1;
                while (i + stars < glob.length() && glob.charAt(i + stars) == '*') {
                    stars++;
                }
                if (stars > 2) {
                    throw invalid(glob, i, "*** is not allowed; use * within a segment or ** for whole segments");
                }
                if (stars == 2 && !isWholeSegment(glob, i, i + 2)) {
                    throw invalid(glob, i, "** must be a whole segment, between dots; use * within a segment");
                }
                elements[count++] = stars == 2 ? GLOBSTAR : STAR;
                i += stars;
            } else if (i == 0 && !StreamNames.isFirstChar(c)) {
                throw invalid(glob, i, "a glob starts with a letter, a digit or *, not " + Describe.character(c));
            } else if (!StreamNames.isNameChar(c)) {
                throw invalid(glob, i, Describe.character(c) + " is not allowed; use a-z 0-9 . _ - and *");
            } else {
                elements[count++] = c;
                i++;
            }
        }
        return new StreamGlob(glob, Arrays.copyOf(elements, count));
    }

    private static boolean isWholeSegment(String glob, int start, int end) {
        return (start == 0 || glob.charAt(start - 1) == '.') && (end == glob.length() || glob.charAt(end) == '.');
    }

    private static IllegalArgumentException invalid(String glob, String problem) {
        return new IllegalArgumentException("invalid stream glob " + Describe.quote(glob) + ": it " + problem);
    }

    private static IllegalArgumentException invalid(String glob, int index, String problem) {
        return new IllegalArgumentException(
                "invalid stream glob " + Describe.quote(glob) + " at position " + (index + 1) + ": " + problem);
    }

    public boolean matches(String stream) {
        if (stream == null) {
            return false;
        }
        if (literal) {
            return pattern.equals(stream);
        }
        // reached[k]: the first k elements can match the characters read so far.
        boolean[] reached = new boolean[elements.length + 1];
        boolean[] next = new boolean[elements.length + 1];
        reached[0] = true;
        skipEmptyWildcards(reached);
        for (int i = 0; i < stream.length(); i++) {
            char c = stream.charAt(i);
            Arrays.fill(next, false);
            boolean alive = false;
            for (int k = 0; k < elements.length; k++) {
                if (reached[k]) {
                    int element = elements[k];
                    if (element == GLOBSTAR || (element == STAR && c != '.')) {
                        next[k] = alive = true;
                    } else if (element == c) {
                        next[k + 1] = alive = true;
                    }
                }
            }
            if (!alive) {
                return false;
            }
            skipEmptyWildcards(next);
            boolean[] swap = reached;
            reached = next;
            next = swap;
        }
        return reached[elements.length];
    }

    /** A wildcard may match nothing, so reaching it also reaches the element after it. */
    private void skipEmptyWildcards(boolean[] states) {
        for (int k = 0; k < elements.length; k++) {
            if (states[k] && elements[k] < 0) {
                states[k + 1] = true;
            }
        }
    }

    /** True when the glob has no wildcard: it matches only the stream of the same name. */
    public boolean isLiteral() {
        return literal;
    }

    public String pattern() {
        return pattern;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StreamGlob glob && glob.pattern.equals(pattern);
    }

    @Override
    public int hashCode() {
        return pattern.hashCode();
    }

    @Override
    public String toString() {
        return pattern;
    }
}
