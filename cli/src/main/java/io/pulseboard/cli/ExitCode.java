package io.pulseboard.cli;

/** The exit codes of {@code pulse}, which scripts may rely on. */
final class ExitCode {

    static final int OK = 0;
    /** Some input was invalid (and reported); with {@code --on-error=skip} the valid rest was sent. */
    static final int REJECTED = 1;
    /** The command line itself was wrong. */
    static final int USAGE = 2;
    /** Kafka could not be reached within the timeout, or did not take some events. */
    static final int BROKER = 3;
    /** Stopped by Ctrl-C (SIGINT) after flushing what was in flight. */
    static final int INTERRUPTED = 130;

    private ExitCode() {}
}
