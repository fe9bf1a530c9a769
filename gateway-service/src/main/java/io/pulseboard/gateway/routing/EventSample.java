package io.pulseboard.gateway.routing;

/**
 * One sampled event of pulse.samples as the hub routes it (design.md, "Recent events, the live feed and dead
 * letters").
 *
 * @param stream the event's stream
 * @param error whether the event is an error
 * @param skipped the events of the stream the aggregator left out of the feed since its previous sample
 * @param skippedErrors of those, the errors
 * @param json the RecentEvent as sent in {@code event} frames ({@code ref}, {@code received}, {@code stream},
 *     {@code event}), written once for every connection
 */
public record EventSample(String stream, boolean error, long skipped, long skippedErrors, String json) {}
