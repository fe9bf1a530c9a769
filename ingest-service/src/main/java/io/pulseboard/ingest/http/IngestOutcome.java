package io.pulseboard.ingest.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.pulseboard.model.validation.Violation;
import java.util.List;

/**
 * The answer to an ingest request: how many events were received, accepted (on the topic), rejected
 * (invalid, with every reason) and failed (valid, but Kafka did not take them), and which ones.
 */
public record IngestOutcome(
        long received,
        long accepted,
        long rejected,
        long failed,
        List<Item> problems,

        @JsonProperty("problems_truncated") @JsonInclude(JsonInclude.Include.NON_DEFAULT)
        boolean problemsTruncated) {

    /** One event that was not accepted: where it was in the body and why. */
    public record Item(int index, long line, String status, List<Violation> errors) {}
}
