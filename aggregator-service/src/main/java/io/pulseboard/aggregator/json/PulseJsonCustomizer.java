package io.pulseboard.aggregator.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pulseboard.model.json.PulseJson;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/** REST bodies use the same JSON conventions as the Kafka topics (snake_case, ISO instants). */
@Singleton
public class PulseJsonCustomizer implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        PulseJson.configure(mapper);
    }
}
