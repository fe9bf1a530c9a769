package io.pulseboard.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Map;

/**
 * One event from a producer, the input of the pipeline.
 *
 * <p>Events from outside are built by {@link io.pulseboard.model.validation.EventParser}, which
 * checks every rule of the contract. This record only normalises: values and tags are never null,
 * keep their order and cannot be changed, and a missing status means {@link Status#OK}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Event(
    String stream,
    Instant time,
    Status status,
    @JsonProperty("error_type") String errorType,
    Map<String, Double> values,
    Map<String, String> tags,
    String source,
    String id) {

  public Event {
    status = status == null ? Status.OK : status;
    values = OrderedMaps.copyOf(values);
    tags = OrderedMaps.copyOf(tags);
  }
}
