package io.pulseboard.ingest.http;

/** The body broke off or is not events at all; the outcome says what was handled before the break. */
final class UnreadableBodyException extends RuntimeException {

    private final IngestOutcome outcome;

    UnreadableBodyException(String message, IngestOutcome outcome) {
        super(message);
        this.outcome = outcome;
    }

    IngestOutcome outcome() {
        return outcome;
    }
}
