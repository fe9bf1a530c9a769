package io.pulseboard.cli;

import io.pulseboard.model.json.PulseJson;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one run did: events rejected as invalid, and (from the sender) sent and failed. Printed once,
 * at the end or on Ctrl-C: a line on standard error, and with {@code --json} a JSON object on
 * standard output.
 */
final class RunReport {

    private final String command;
    private final boolean json;
    private final PrintWriter out;
    private final PrintWriter err;
    private final long startNanos = System.nanoTime();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicBoolean printed = new AtomicBoolean();

    RunReport(String command, boolean json, PrintWriter out, PrintWriter err) {
        this.command = command;
        this.json = json;
        this.out = out;
        this.err = err;
    }

    void rejected() {
        rejected.incrementAndGet();
    }

    long rejectedCount() {
        return rejected.get();
    }

    double seconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Prints the summary unless it was printed already (the main path and Ctrl-C may race). */
    void print(EventSender sender, boolean interrupted) {
        if (!printed.compareAndSet(false, true)) {
            return;
        }
        double seconds = seconds();
        long sent = sender == null ? 0 : sender.acknowledged();
        long failed = sender == null ? 0 : sender.failed();
        double rate = seconds > 0 ? sent / seconds : 0;
        err.printf(
                "pulse %s: %ssent %d, rejected %d, failed %d in %.1f s (%.0f events/s)%n",
                command, interrupted ? "interrupted; " : "", sent, rejected.get(), failed, seconds, rate);
        if (failed > 0) {
            err.println("pulse " + command + ": Kafka did not take " + failed + " events; first reason: "
                    + sender.firstFailure());
        }
        err.flush();
        if (json) {
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("command", command);
            summary.put("sent", sent);
            summary.put("rejected", rejected.get());
            summary.put("failed", failed);
            summary.put("seconds", Math.round(seconds * 1000) / 1000.0);
            summary.put("events_per_second", Math.round(rate));
            summary.put("interrupted", interrupted);
            out.println(PulseJson.toJson(summary));
            out.flush();
        }
    }
}
