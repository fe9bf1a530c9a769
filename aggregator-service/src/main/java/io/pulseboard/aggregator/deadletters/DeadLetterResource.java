package io.pulseboard.aggregator.deadletters;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.pulseboard.aggregator.streams.TimeParam;
import io.pulseboard.model.Problem;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** What the aggregator dead-lettered: counts by reason and stream, and the last letters. */
@Path("/api/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Dead letters", description = "Records the aggregator could not count, and why")
public class DeadLetterResource {

    /** A dead letter as the API shows it. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record View(
            Instant time,
            String stream,
            String reasonCode,
            String reason,
            String source,
            String key,
            String value,
            boolean truncated) {

        static View of(DeadLetterEntity row) {
            return new View(
                    row.time,
                    row.stream,
                    row.reasonCode,
                    row.reason,
                    row.source,
                    row.recordKey,
                    row.value,
                    row.truncated);
        }
    }

    /** Counts of one stream (null: no valid stream) for one reason. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record CountView(String stream, String reasonCode, long count) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Summary(
            Instant since, long total, Map<String, Long> byReason, List<CountView> counts, List<View> last) {}

    private final DeadLetterStore store;
    private final Clock clock;

    public DeadLetterResource(DeadLetterStore store, Clock clock) {
        this.clock = clock;
        this.store = store;
    }

    @GET
    @WithSession
    @Operation(summary = "Dead letters since a time: counts by reason and stream, and the last 100 with their reason")
    @APIResponse(responseCode = "200", description = "The summary")
    @APIResponse(
            responseCode = "400",
            description = "A bad time",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Summary> deadLetters(
            @Parameter(
                            description = "counted from the start of this minute (default: 24 hours ago). "
                                    + TimeParam.FORMATS)
                    @QueryParam("since")
                    String since) {
        Instant now = clock.instant();
        Instant from = (since == null || since.isEmpty()
                        ? now.minus(Duration.ofHours(24))
                        : TimeParam.parse("since", since, now))
                .truncatedTo(ChronoUnit.MINUTES);
        return store.counts(from)
                .chain(counts -> store.last(from).map(last -> {
                    Map<String, Long> byReason = new TreeMap<>();
                    long total = 0;
                    for (DeadLetterStore.Count c : counts) {
                        byReason.merge(c.reason(), c.count(), Long::sum);
                        total += c.count();
                    }
                    List<CountView> rows = counts.stream()
                            .map(c -> new CountView(c.stream().isEmpty() ? null : c.stream(), c.reason(), c.count()))
                            .toList();
                    return new Summary(
                            from,
                            total,
                            byReason,
                            rows,
                            last.stream().map(View::of).toList());
                }));
    }
}
