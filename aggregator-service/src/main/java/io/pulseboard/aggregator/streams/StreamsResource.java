package io.pulseboard.aggregator.streams;

import io.pulseboard.aggregator.aggregation.UtcTime;
import io.pulseboard.aggregator.api.ApiException;
import io.pulseboard.aggregator.store.HourStore;
import io.pulseboard.aggregator.store.RetentionConfig;
import io.pulseboard.model.Problem;
import io.pulseboard.model.validation.StreamNames;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Streams and their hourly history, read from PostgreSQL, where every instance writes the hours of
 * its partitions at least every persist interval: any instance answers for every stream.
 */
@Path("/api/streams")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Streams", description = "Known streams and their hourly metrics history")
public class StreamsResource {

    static final String TIME_DOC = "ISO-8601 time with offset (2026-11-22T10:00:00Z), a date (2026-11-22),"
            + " epoch milliseconds, or now[-N(s|m|h|d)]";

    private final HourStore hours;
    private final PeriodSource periods;
    private final Duration maxRange;
    private final Duration minuteRetention;
    private final Clock clock;

    public StreamsResource(
            HourStore hours, PeriodSource periods, ApiConfig config, RetentionConfig retention, Clock clock) {
        this.clock = clock;
        this.hours = hours;
        this.periods = periods;
        this.maxRange = config.maxRange();
        this.minuteRetention = retention.minutes();
    }

    @GET
    @WithSession
    @Operation(summary = "Every known stream, with its last event time and its newest hour")
    public Uni<List<StreamSummary>> streams() {
        Instant currentHour = UtcTime.hourOf(clock.instant());
        return hours.newestPerStream()
                .map(rows -> rows.stream()
                        .map(row -> new StreamSummary(
                                row.stream,
                                row.lastEvent,
                                row.hour.equals(currentHour) && !row.isFinal,
                                MetricsHistory.metrics(row)))
                        .toList());
    }

    @GET
    @Path("/{stream}/metrics")
    @WithSession
    @Operation(
            summary = "A stream's metrics for a range: one row per minute, per 5 or 15 minutes merged from minutes,"
                    + " per hour, or per UTC day merged from the hours' sketches")
    @APIResponse(responseCode = "200", description = "The range, aligned to whole steps, its rows and their total")
    @APIResponse(
            responseCode = "400",
            description = "A bad stream name, time, step or range",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "404",
            description = "No such stream",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<MetricsPage> metrics(
            @PathParam("stream") String stream,
            @Parameter(
                            description =
                                    "Start, inclusive (default before 'to': 60 minutes with step=1m, 6 hours with 5m,"
                                            + " 24 hours with 15m and 1h, 7 days with 1d). " + TIME_DOC)
                    @QueryParam("from")
                    String from,
            @Parameter(description = "End, exclusive (default: now). " + TIME_DOC) @QueryParam("to") String to,
            @Parameter(description = "1m, 5m, 15m (minutes, kept for pulse.retention.minutes), 1h (default) or 1d")
                    @QueryParam("step")
                    String step) {
        requireStreamName(stream);
        Instant now = clock.instant();
        MetricsRange range = MetricsRange.parse(from, to, step, now, maxRange, minuteRetention);
        return hours.exists(stream)
                .chain(known -> {
                    if (!known) {
                        throw ApiException.notFound("no stream named '" + stream + "' has any metrics");
                    }
                    return periods.range(List.of(stream), range);
                })
                .map(rows -> page(stream, range, rows, now));
    }

    static MetricsPage page(String stream, MetricsRange range, List<Period> rows, Instant now) {
        return new MetricsPage(
                stream,
                range.from(),
                range.to(),
                range.step().label(),
                MetricsHistory.rows(rows, range.step(), now),
                MetricsHistory.total(rows, range, now));
    }

    static void requireStreamName(String stream) {
        if (!StreamNames.isValid(stream)) {
            throw ApiException.badRequest("stream: '" + stream + "' is not a stream name; " + StreamNames.RULE);
        }
    }
}
