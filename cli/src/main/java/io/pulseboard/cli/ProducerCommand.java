package io.pulseboard.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The shared life of a producing command: connect, produce, flush, report, choose the exit code. */
abstract class ProducerCommand implements Callable<Integer> {

    @Mixin
    ProducerOptions kafka;

    @Option(names = "--json", description = "Also print the summary as one JSON object on standard output.")
    boolean json;

    @Spec
    CommandSpec spec;

    /** Checks the options before Kafka is contacted; throws ParameterException (exit code 2). */
    void prepare() {}

    /** Produces events until done or {@code guard.stopRequested()}; returns the exit code for the input. */
    abstract int produce(EventSender sender, RunReport report, ShutdownGuard guard) throws Exception;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        RunReport report = new RunReport(spec.name(), json, spec.commandLine().getOut(), err);
        prepare();
        EventSender sender;
        try {
            sender = EventSender.connect(kafka);
        } catch (BrokerUnreachableException e) {
            err.println("pulse " + spec.name() + ": " + e.getMessage());
            err.flush();
            return ExitCode.BROKER;
        }
        try (sender;
                ShutdownGuard guard = new ShutdownGuard(() -> {
                    sender.flush();
                    report.print(sender, true);
                })) {
            int inputCode = produce(sender, report, guard);
            sender.flush();
            report.print(sender, guard.stopRequested());
            if (guard.stopRequested()) {
                return ExitCode.INTERRUPTED;
            }
            return sender.failed() > 0 ? ExitCode.BROKER : inputCode;
        }
    }
}
