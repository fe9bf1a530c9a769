package io.pulseboard.model.validation;

/**
 * A batch that cannot be read on: not a JSON array, or JSON so broken that the elements after the
 * error cannot be found. Items read before the error have been delivered.
 */
public final class UnreadableInputException extends Exception {

    private final long line;
    private final long column;

    public UnreadableInputException(String problem, long line, long column) {
        super(problem + " at line " + line + ", column " + column);
        this.line = line;
        this.column = column;
    }

    public long line() {
        return line;
    }

    public long column() {
        return column;
    }
}
