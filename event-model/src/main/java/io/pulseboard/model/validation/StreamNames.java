package io.pulseboard.model.validation;

import java.util.regex.Pattern;

/** The rule for stream names: {@code ^[a-z0-9][a-z0-9._-]{0,127}$}. */
public final class StreamNames {

    public static final int MAX_LENGTH = 128;

    public static final Pattern PATTERN = Pattern.compile("[a-z0-9][a-z0-9._-]{0,127}");

    /** The rule in words, for messages. */
    public static final String RULE = "use 1-128 characters a-z 0-9 . _ -, starting with a letter or digit";

    private StreamNames() {}

    public static boolean isValid(String name) {
        // The same rule as PATTERN, without a regex: every event's stream is checked.
        if (name == null || name.isEmpty() || name.length() > MAX_LENGTH || !isFirstChar(name.charAt(0))) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            if (!isNameChar(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** A character that may appear in a stream name after the first. */
    static boolean isNameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    }

    /** A character that may start a stream name. */
    static boolean isFirstChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }
}
