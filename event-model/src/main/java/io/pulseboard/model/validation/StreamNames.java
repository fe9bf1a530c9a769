package io.pulseboard.model.validation;

import java.util.regex.Pattern;

/** The rule for stream names: {@code ^[a-z0-9][a-z0-9._-]{0,127}$}. */
public final class StreamNames {

  public static final int MAX_LENGTH = 128;

  public static final Pattern PATTERN = Pattern.compile("[a-z0-9][a-z0-9._-]{0,127}");

  /** The rule in words, for messages. */
  public static final String RULE =
      "use 1-128 characters a-z 0-9 . _ -, starting with a letter or digit";

  private StreamNames() {}

  public static boolean isValid(String name) {
    return name != null && PATTERN.matcher(name).matches();
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
