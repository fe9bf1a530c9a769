package io.pulseboard.model.validation;

/**
 * One problem of an event. {@code field} is where it is, as a JSON path ({@code stream}, {@code
 * values.latency_ms}, {@code tags.region}), or empty when it concerns the whole input; {@code
 * message} says what is wrong and what is allowed.
 */
public record Violation(String field, String message) {

    /** {@code field: message}, or just the message when it concerns the whole input. */
    @Override
    public String toString() {
        return field.isEmpty() ? message : field + ": " + message;
    }
}
