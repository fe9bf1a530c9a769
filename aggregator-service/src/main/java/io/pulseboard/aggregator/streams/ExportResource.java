package io.pulseboard.aggregator.streams;

import io.pulseboard.aggregator.api.ApiException;
import io.pulseboard.aggregator.store.HourStore;
import io.pulseboard.aggregator.store.RetentionConfig;
import io.pulseboard.model.HourlyMetrics;
import io.pulseboard.model.Problem;
import io.pulseboard.model.json.PulseJson;
import io.pulseboard.model.validation.StreamGlob;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The metrics history of one or more streams as a file to download. */
@Path("/api/export/metrics")
@Tag(name = "Streams")
public class ExportResource {

    private static final DateTimeFormatter FILE_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'").withZone(ZoneOffset.UTC);

    private final HourStore hours;
    private final PeriodSource periods;
    private final Duration maxRange;
    private final Duration minuteRetention;
    private final long maxRows;
    private final Clock clock;

    public ExportResource(
            HourStore hours, PeriodSource periods, ApiConfig config, RetentionConfig retention, Clock clock) {
        this.clock = clock;
        this.hours = hours;
        this.periods = periods;
        this.maxRange = config.maxRange();
        this.minuteRetention = retention.minutes();
        this.maxRows = config.exportMaxRows();
    }

    @GET
    @WithSession
    @Produces({"text/csv", "application/json"})
    @Operation(
            summary =
                    "Metrics by minute, 5 or 15 minutes, hour or day of the streams a name or glob matches, as a CSV or JSON file")
    @APIResponse(
            responseCode = "200",
            description = "An attachment: CSV with a header line, or a JSON array of HourlyMetrics")
    @APIResponse(
            responseCode = "400",
            description = "A bad stream glob, time, step, format, or too many rows",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> export(
            @Parameter(
                            description =
                                    "A stream name or glob (* within a segment, ** across dots); default: every stream")
                    @QueryParam("stream")
                    String stream,
            @Parameter(
                            description =
                                    "Start, inclusive (default before 'to': 60 minutes with step=1m, 6 hours with 5m,"
                                            + " 24 hours with 15m and 1h, 7 days with 1d). " + StreamsResource.TIME_DOC)
                    @QueryParam("from")
                    String from,
            @Parameter(description = "End, exclusive (default: now). " + StreamsResource.TIME_DOC) @QueryParam("to")
                    String to,
            @Parameter(description = "1m, 5m, 15m, 1h (default) or 1d") @QueryParam("step") String step,
            @Parameter(description = "csv (default) or json") @QueryParam("format") String format) {
        boolean json = parseJsonFormat(format);
        StreamGlob glob = parseGlob(stream);
        Instant now = clock.instant();
        MetricsRange range = MetricsRange.parse(from, to, step, now, maxRange, minuteRetention);
        return hours.streams()
                .map(all -> all.stream()
                        .filter(s -> glob == null || glob.matches(s))
                        .toList())
                .chain(streams -> streams.isEmpty()
                        ? Uni.createFrom().item(List.<Period>of())
                        : periods.count(streams, range).chain(n -> {
                            if (n > maxRows) {
                                throw ApiException.badRequest("the export would read " + n + " stored "
                                        + (range.step().fromMinutes() ? "minute" : "hourly") + " rows, more than the "
                                        + "maximum of " + maxRows + "; ask for a shorter range or fewer streams");
                            }
                            return periods.range(streams, range);
                        }))
                .map(rows -> {
                    List<HourlyMetrics> out = new ArrayList<>();
                    byStream(rows).forEach((name, own) -> out.addAll(MetricsHistory.rows(own, range.step(), now)));
                    String file =
                            "pulse-metrics-" + (stream == null || stream.isBlank() ? "all" : stream.replace('*', '_'))
                                    + "-" + FILE_TIME.format(range.from()) + "-" + FILE_TIME.format(range.to())
                                    + (json ? ".json" : ".csv");
                    return Response.ok(
                                    json
                                            ? PulseJson.toBytes(out)
                                            : MetricsCsv.write(out).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                            .type(json ? "application/json" : "text/csv; charset=utf-8")
                            .header("Content-Disposition", "attachment; filename=\"" + file + "\"")
                            .build();
                });
    }

    private static Map<String, List<Period>> byStream(List<Period> rows) {
        Map<String, List<Period>> out = new LinkedHashMap<>();
        rows.forEach(
                r -> out.computeIfAbsent(r.stream(), s -> new ArrayList<>()).add(r));
        return out;
    }

    private static boolean parseJsonFormat(String format) {
        if (format == null || format.isBlank() || format.equals("csv")) {
            return false;
        }
        if (format.equals("json")) {
            return true;
        }
        throw ApiException.badRequest("format: '" + format + "' is not a format; use csv or json");
    }

    private static StreamGlob parseGlob(String stream) {
        if (stream == null || stream.isBlank()) {
            return null;
        }
        try {
            return StreamGlob.compile(stream);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("stream: " + e.getMessage());
        }
    }
}
