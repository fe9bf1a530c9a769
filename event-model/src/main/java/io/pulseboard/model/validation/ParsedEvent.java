package io.pulseboard.model.validation;

import io.pulseboard.model.Event;
import java.util.List;

/** The outcome of parsing one event: the event, or every problem found in it (then no event). */
public record ParsedEvent(Event event, List<Violation> violations) {

    public ParsedEvent {
        violations = List.copyOf(violations);
        if ((event == null) == violations.isEmpty()) {
            throw new IllegalArgumentException("an event comes with no violations, and only then");
        }
    }

    public static ParsedEvent accepted(Event event) {
        return new ParsedEvent(event, List.of());
    }

    public static ParsedEvent rejected(List<Violation> violations) {
        return new ParsedEvent(null, violations);
    }

    public static ParsedEvent rejected(String field, String message) {
        return rejected(List.of(new Violation(field, message)));
    }

    public boolean valid() {
        return violations.isEmpty();
    }
}
