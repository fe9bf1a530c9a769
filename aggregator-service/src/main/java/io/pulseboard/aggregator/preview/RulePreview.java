package io.pulseboard.aggregator.preview;

import java.time.Instant;
import java.util.List;

/**
 * The answer of {@code POST /api/rules/preview}: the range and step replayed, every matching stream
 * with minutes in the range (by name), how many evaluations that took, and whether streams were left
 * out ({@code pulse.preview.max-streams}).
 *
 * @param step as written, {@code 1m}
 */
public record RulePreview(
        Instant from, Instant to, String step, List<StreamPreview> streams, long evaluations, boolean truncated) {}
