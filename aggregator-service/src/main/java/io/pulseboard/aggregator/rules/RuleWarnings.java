package io.pulseboard.aggregator.rules;

import io.pulseboard.aggregator.aggregation.HourAggregate;
import io.pulseboard.model.AlertRule;
import io.pulseboard.model.validation.StreamGlob;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What may be wrong with a valid rule: a value name that no matching stream has reported lately
 * (a typo, or a value that appears later), or no matching stream at all. Warnings never refuse a
 * rule. Reads the stored hours of the last day (up to the last checkpoint, a few seconds old).
 */
@ApplicationScoped
public class RuleWarnings {

    static final Duration LOOKBACK = Duration.ofHours(24);
    /** At most this many matching streams are read for their value names. */
    static final int MAX_STREAMS = 1000;

    private final Clock clock;

    public RuleWarnings(Clock clock) {
        this.clock = clock;
    }

    /** The warnings for {@code rule}; needs a Hibernate Reactive session. */
    public Uni<List<String>> of(AlertRule rule) {
        StreamGlob glob = StreamGlob.compile(rule.stream());
        List<String> valueNames = new ArrayList<>();
        for (String text : rule.resolve() == null ? List.of(rule.expr()) : List.of(rule.expr(), rule.resolve())) {
            for (String name : ExprParser.parse(text).valueNames()) {
                if (!valueNames.contains(name)) {
                    valueNames.add(name);
                }
            }
        }
        Instant since = clock.instant().minus(LOOKBACK);
        return Panache.getSession()
                .chain(s -> s.createNativeQuery("select distinct stream from pulse_hour where hour >= ?1", String.class)
                        .setParameter(1, since)
                        .getResultList()
                        .chain(streams -> {
                            List<String> matching = streams.stream()
                                    .filter(glob::matches)
                                    .limit(MAX_STREAMS)
                                    .toList();
                            if (matching.isEmpty()) {
                                return Uni.createFrom()
                                        .item(
                                                List.of(
                                                        "no stream matching '" + rule.stream()
                                                                + "' has had events in the last 24 hours; the rule applies once one has"));
                            }
                            if (valueNames.isEmpty()) {
                                return Uni.createFrom().item(List.<String>of());
                            }
                            return s.createNativeQuery(
                                            "select aggregate from pulse_hour where hour >= ?1 and stream in (?2)",
                                            byte[].class)
                                    .setParameter(1, since)
                                    .setParameter(2, matching)
                                    .getResultList()
                                    .map(rows -> unknownValues(rule, valueNames, rows));
                        }));
    }

    private static List<String> unknownValues(AlertRule rule, List<String> wanted, List<byte[]> rows) {
        Set<String> known = new TreeSet<>();
        for (byte[] row : rows) {
            known.addAll(HourAggregate.deserialize(row).valueNames());
        }
        List<String> warnings = new ArrayList<>();
        for (String name : wanted) {
            if (!known.contains(name)) {
                warnings.add("unknown value name '" + name + "': no stream matching '" + rule.stream()
                        + "' has reported it in the last 24 hours (known: "
                        + (known.isEmpty() ? "none" : String.join(", ", known))
                        + "); the rule is kept and applies once it appears");
            }
        }
        return warnings;
    }
}
