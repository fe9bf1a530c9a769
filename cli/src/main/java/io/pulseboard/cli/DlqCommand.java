package io.pulseboard.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code pulse dlq}: the dead letters of {@code pulse.events.dlq}. */
@Command(
        name = "dlq",
        mixinStandardHelpOptions = true,
        synopsisSubcommandLabel = "COMMAND",
        description = "Dead letters: the records the aggregator could not count, on pulse.events.dlq.",
        subcommands = DlqExportCommand.class)
final class DlqCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand: pulse dlq export");
    }
}
