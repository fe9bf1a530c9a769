package io.pulseboard.cli;

import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.AutoComplete.GenerateCompletion;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code pulse}: the producer command line. It publishes straight to Kafka ({@code pulse.events},
 * key = stream), and exports dead letters ({@code pulse.events.dlq}) so that they can be fixed and piped
 * back; it is a plain program of its own (the runnable pulse-cli.jar), not the ingest service's Quarkus
 * application.
 */
@Command(
        name = "pulse",
        mixinStandardHelpOptions = true,
        versionProvider = PulseCli.Version.class,
        description = {"Publish events to Pulseboard's Kafka topic, and export dead letters to fix and send again."},
        subcommands = {
            SendCommand.class,
            PipeCommand.class,
            GenCommand.class,
            DlqCommand.class,
            GenerateCompletion.class
        },
        footer = {
            "",
            "Exit codes: 0 ok, 1 rejected input, 2 usage, 3 Kafka unreachable or did not take events, 130 Ctrl-C.",
            "Kafka client settings (SASL, TLS, ...) as the services take them: KAFKA_*",
            "variables (KAFKA_SECURITY_PROTOCOL is security.protocol), then --kafka-config",
            "FILE, then --kafka-property NAME=VALUE, each over the one before.",
            "Shell completion: source <(pulse generate-completion)"
        })
public final class PulseCli {

    public static void main(String[] args) {
        // The JBoss LogManager reads the levels set below; chosen here (before anything logs) so that
        // `java -jar pulse-cli.jar` needs no flag.
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        }
        // The Kafka client's own INFO chatter is not for the person at the terminal.
        Logger.getLogger("org.apache.kafka").setLevel(Level.WARNING);
        int code = commandLine().execute(args);
        if (!ShutdownGuard.shuttingDown()) { // exiting during Ctrl-C's shutdown would block
            System.exit(code);
        }
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new PulseCli());
        // A failure while running (an unreadable file, say) is a line on standard error, not a stack trace.
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            command.getErr().println("pulse " + command.getCommandName() + ": " + e.getMessage());
            return ExitCode.REJECTED;
        });
        cli.getSubcommands()
                .get("generate-completion")
                .getCommandSpec()
                .usageMessage()
                .hidden(false);
        return cli;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = PulseCli.class.getPackage().getImplementationVersion();
            return new String[] {"pulse " + (version == null ? "development build" : version)};
        }
    }
}
