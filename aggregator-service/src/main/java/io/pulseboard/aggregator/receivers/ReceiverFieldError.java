package io.pulseboard.aggregator.receivers;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One problem of a receiver: the field, what is wrong, and for a template the line and column (from 1). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReceiverFieldError(String field, String message, Integer line, Integer column) {

    public static ReceiverFieldError of(String field, String message) {
        return new ReceiverFieldError(field, message, null, null);
    }

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
