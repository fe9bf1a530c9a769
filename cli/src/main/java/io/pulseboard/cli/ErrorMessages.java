package io.pulseboard.cli;

import java.util.Map;

/**
 * The messages of generated errors ({@code pulse gen}): what a service would say for each error type, so
 * that demos show failures as people read them. Derived from the event, drawing nothing at random, so a
 * seed gives the same run as before messages existed.
 */
final class ErrorMessages {

    private ErrorMessages() {}

    /** The message of an error of {@code type} with these values (its latency, if it has one). */
    static String of(String type, Map<String, Double> values) {
        Double latency = values.get("latency_ms");
        String after = latency == null ? "" : " after " + Math.round(latency) + " ms";
        return switch (type) {
            case "timeout" -> "upstream timed out" + after;
            case "http_500" -> "upstream answered 500 Internal Server Error" + after;
            case "http_502" -> "upstream answered 502 Bad Gateway" + after;
            case "http_503" -> "upstream answered 503 Service Unavailable" + after + "; retry later";
            case "http_504" -> "upstream answered 504 Gateway Timeout" + after;
            case "rate_limited" -> "rate limited: too many requests, retry after 1 s";
            default ->
                type.startsWith("http_") && type.length() == 8
                        ? "upstream answered " + type.substring(5) + after
                        : "failed: " + type.replace('_', ' ') + after;
        };
    }
}
