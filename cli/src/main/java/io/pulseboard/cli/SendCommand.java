package io.pulseboard.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pulseboard.model.validation.EventParser;
import io.pulseboard.model.validation.ParsedEvent;
import io.pulseboard.model.validation.Violation;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pulse send}: one event from options. */
@Command(
        name = "send",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Send one event.",
        footer = {
            "",
            "Example:",
            "  pulse send --stream checkout.api --status error --error-type timeout --value latency_ms=812.5 --tag region=eu-west \\",
            "             --message 'upstream timed out after 800 ms'"
        })
final class SendCommand extends ProducerCommand {

    @Option(names = "--stream", required = true, description = "Stream name, e.g. checkout.api.")
    String stream;

    @Option(names = "--status", description = "ok (default) or error.")
    String status;

    @Option(names = "--error-type", paramLabel = "TYPE", description = "What kind of error, e.g. timeout.")
    String errorType;

    @Option(names = "--value", paramLabel = "NAME=NUMBER", description = "A measured value; repeatable.")
    Map<String, String> values = new LinkedHashMap<>();

    @Option(names = "--tag", paramLabel = "KEY=VALUE", description = "A tag; repeatable.")
    Map<String, String> tags = new LinkedHashMap<>();

    @Option(
            names = "--message",
            paramLabel = "TEXT",
            description = "What happened, for people (what went wrong, for an error); at most 1,024 characters.")
    String message;

    @Option(
            names = "--time",
            paramLabel = "TIME",
            description = "Event time: ISO-8601 with offset, or epoch milliseconds (default: now).")
    String time;

    @Option(names = "--id", description = "Event id (optional).")
    String id;

    @Mixin
    TimeWindowOptions times;

    private EventParser parser;

    @Override
    void prepare() {
        parser = times.parser();
    }

    @Override
    int produce(EventSender sender, RunReport report, ShutdownGuard guard) {
        ParsedEvent parsed = parser.parse(toJson());
        if (!parsed.valid()) {
            PrintWriter err = spec.commandLine().getErr();
            for (Violation v : parsed.violations()) {
                err.println("pulse send: " + v);
            }
            report.rejected();
            return ExitCode.REJECTED;
        }
        sender.send(parsed.event());
        return ExitCode.OK;
    }

    /** The options as the JSON a producer would send, so the event model's rules and messages apply. */
    private ObjectNode toJson() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode node = f.objectNode().put("stream", stream);
        if (time != null) {
            node.set("time", time.matches("-?\\d+") ? f.numberNode(new java.math.BigInteger(time)) : f.textNode(time));
        }
        if (status != null) {
            node.put("status", status);
        }
        if (errorType != null) {
            node.put("error_type", errorType);
        }
        if (message != null) {
            node.put("message", message);
        }
        if (id != null) {
            node.put("id", id);
        }
        if (!values.isEmpty()) {
            ObjectNode v = node.putObject("values");
            values.forEach((name, number) ->
                    v.set(name, asNumber(number) == null ? f.textNode(number) : f.numberNode(asNumber(number))));
        }
        if (!tags.isEmpty()) {
            ObjectNode t = node.putObject("tags");
            tags.forEach(t::put);
        }
        return node;
    }

    private static BigDecimal asNumber(String text) {
        try {
            return new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
