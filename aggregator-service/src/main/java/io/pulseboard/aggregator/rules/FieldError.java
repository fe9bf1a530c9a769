package io.pulseboard.aggregator.rules;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One problem of a rule: the field, what is wrong, and for expressions the offset in it (from 0). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FieldError(String field, String message, Integer position) {

    public static FieldError of(String field, String message) {
        return new FieldError(field, message, null);
    }

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
