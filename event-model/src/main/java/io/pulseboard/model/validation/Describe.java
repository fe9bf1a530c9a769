package io.pulseboard.model.validation;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Wording shared by the messages. Input shown in a message is shortened and escaped, so that a
 * message is always printable and can itself be written as JSON (no control characters, no lone
 * surrogates).
 */
final class Describe {

    /** Longest piece of input shown in a message, in characters. Every valid name fits. */
    private static final int MAX_SHOWN = 64;

    /** Longest message of Jackson's repeated, which may quote the input. */
    private static final int MAX_QUOTED_ERROR = 300;

    private Describe() {}

    /** The text in double quotes, escaped and shortened: {@code "Checkout API"}. */
    static String quote(String text) {
        return '"' + escape(text, MAX_SHOWN, true) + '"';
    }

    /** The text escaped and shortened, without quotes: for names in field paths, and numbers. */
    static String unquoted(String text) {
        return escape(text, MAX_SHOWN, false);
    }

    /** A character as shown in a message: {@code '!'}. */
    static String character(char c) {
        return "'" + escape(String.valueOf(c), 1, false) + "'";
    }

    private static String escape(String text, int maxShown, boolean quoted) {
        StringBuilder out = new StringBuilder();
        int shown = 0;
        for (int i = 0; i < text.length(); shown++) {
            if (shown == maxShown) {
                return out.append('…').toString();
            }
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            boolean control = c < 0x20 || (c >= 0x7f && c < 0xa0);
            boolean loneSurrogate = c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE;
            if (control || loneSurrogate) {
                out.append(String.format("\\u%04X", c));
            } else if (quoted && (c == '"' || c == '\\')) {
                out.append('\\').append((char) c);
            } else {
                out.appendCodePoint(c);
            }
        }
        return out.toString();
    }

    /** What a JSON value is, with its article: "a string", "an object", "null". */
    static String kind(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        return switch (node.getNodeType()) {
            case OBJECT, POJO -> "an object";
            case ARRAY -> "an array";
            case STRING, BINARY -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL, MISSING -> "null";
        };
    }

    /** What a JSON token starts, with its article. */
    static String kind(JsonToken token) {
        if (token == null) {
            return "nothing";
        }
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> "unexpected JSON";
        };
    }

    /** Where in the input, counting the input's first line as {@code firstLine}. */
    static String at(JsonLocation location, long firstLine) {
        long line = location.getLineNr() + firstLine - 1;
        return " at line " + line + ", column " + location.getColumnNr();
    }

    /** What a JSON syntax error is, without its location. */
    static String syntaxError(JsonProcessingException e) {
        if (e instanceof JsonEOFException) {
            return "the JSON ends too early (is the input cut off?)";
        }
        return "invalid JSON: " + escape(e.getOriginalMessage(), MAX_QUOTED_ERROR, false);
    }
}
