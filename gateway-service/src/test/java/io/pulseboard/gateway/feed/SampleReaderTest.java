package io.pulseboard.gateway.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulseboard.gateway.routing.EventSample;
import io.pulseboard.model.json.PulseJson;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The records of pulse.samples as the aggregator writes them, and the ones the gateway cannot read. */
class SampleReaderTest {

    private static final String EVENT =
            "{\"stream\":\"checkout.api\",\"time\":\"2026-11-22T10:15:30.123Z\",\"status\":\"error\","
                    + "\"error_type\":\"timeout\",\"message\":\"upstream timed out\",\"values\":{\"latency_ms\":812.5}}";

    private static SampleReader.Sample read(String json) {
        return SampleReader.read(json.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode json(String text) {
        return PulseJson.fromJson(text, JsonNode.class);
    }

    @Test
    void aSampledEventBecomesTheRecentEventClientsGetWithItsCounts() {
        SampleReader.Sample sample =
                read("{\"type\":\"event\",\"ref\":\"3:120456\",\"received\":\"2026-11-22T10:15:30.130Z\","
                        + "\"stream\":\"checkout.api\",\"event\":" + EVENT + ",\"skipped\":5120,\"skipped_errors\":2}");
        EventSample event = only(sample);
        assertThat(event.stream()).isEqualTo("checkout.api");
        assertThat(event.error()).isTrue();
        assertThat(event.skipped()).isEqualTo(5120);
        assertThat(event.skippedErrors()).isEqualTo(2);
        assertThat(json(event.json()))
                .isEqualTo(json("{\"ref\":\"3:120456\",\"received\":\"2026-11-22T10:15:30.130Z\","
                        + "\"stream\":\"checkout.api\",\"event\":" + EVENT + "}"));

        EventSample ok = only(
                read(
                        "{\"type\":\"event\",\"ref\":\"0:1\",\"received\":\"2026-11-22T10:15:30Z\","
                                + "\"stream\":\"a\",\"event\":{\"stream\":\"a\",\"time\":\"2026-11-22T10:15:30Z\"},\"skipped\":0,\"skipped_errors\":0}"));
        assertThat(ok.error()).isFalse();
    }

    @Test
    void aBatchIsReadSampleBySampleAndABadOneCostsOnlyItself() {
        String good = "{\"ref\":\"0:1\",\"received\":\"2026-11-22T10:15:30Z\",\"stream\":\"a\","
                + "\"event\":{\"stream\":\"a\",\"status\":\"ok\"},\"skipped\":0,\"skipped_errors\":0}";
        SampleReader.Events events = (SampleReader.Events) read("{\"type\":\"events\",\"samples\":[" + good + ","
                + good.replace("\"skipped\":0", "\"skipped\":-1") + ",7," + good.replace("0:1", "0:2") + "]}");
        assertThat(events.samples())
                .extracting(EventSample::json)
                .hasSize(2)
                .allSatisfy(json -> assertThat(json).contains("\"stream\":\"a\""));
        assertThat(json(events.samples().get(1).json()).path("ref").asText()).isEqualTo("0:2");
        assertThat(events.rejected())
                .containsExactly(
                        "samples[1]: \"skipped\" is not a whole number from 0", "samples[2]: not a JSON object");
        assertRefused("{\"type\":\"events\"}", "no \"samples\" array");
        assertRefused("{\"type\":\"events\",\"samples\":{}}", "no \"samples\" array");
    }

    /** The one sample of a record that holds one, read without a rejection. */
    private static EventSample only(SampleReader.Sample sample) {
        SampleReader.Events events = (SampleReader.Events) sample;
        assertThat(events.rejected()).isEmpty();
        assertThat(events.samples()).hasSize(1);
        return events.samples().get(0);
    }

    @Test
    void aDeadLetterNoticeBecomesItsFrameWithoutItsType() {
        String notice =
                "{\"count\":3,\"by_reason\":{\"invalid\":1,\"too_old\":2},\"last\":{\"time\":\"2026-11-22T10:15:31Z\","
                        + "\"stream\":\"checkout.api\",\"reason_code\":\"too_old\",\"reason\":\"older than 7 days\",\"source\":\"pulse.events-2@120457\"}}";
        SampleReader.Sample sample = read("{\"type\":\"dead_letters\"," + notice.substring(1));
        assertThat(json(((SampleReader.DeadLetters) sample).frame()))
                .isEqualTo(json("{\"type\":\"dead_letters\",\"data\":" + notice + "}"));
    }

    @Test
    void whatCannotBeReadIsRefusedSayingWhat() {
        String good =
                "\"ref\":\"0:1\",\"received\":\"2026-11-22T10:15:30Z\",\"event\":{\"stream\":\"a\"},\"skipped\":0,\"skipped_errors\":0";
        assertRefused(null, "no value");
        assertRefused("{\"type\":", "not JSON");
        assertRefused("[1]", "not a JSON object");
        assertRefused("{\"stream\":\"a\"}", "no \"type\" string");
        assertRefused("{\"type\":\"weather\"}", "type \"weather\"");
        assertRefused("{\"type\":\"event\",\"stream\":\"Not A Stream\"," + good + "}", "is not a stream name");
        assertRefused("{\"type\":\"event\",\"stream\":\"b\"," + good + "}", "the event's stream is not the sample's");
        assertRefused(
                "{\"type\":\"event\",\"stream\":\"a\"," + good.replace("\"0:1\"", "1") + "}", "no \"ref\" string");
        assertRefused(
                "{\"type\":\"event\",\"stream\":\"a\"," + good.replace("2026-11-22T10:15:30Z", "yesterday") + "}",
                "received");
        assertRefused(
                "{\"type\":\"event\",\"stream\":\"a\"," + good.replace("{\"stream\":\"a\"}", "\"text\"") + "}",
                "no \"event\" object");
        assertRefused(
                "{\"type\":\"event\",\"stream\":\"a\"," + good.replace("\"skipped\":0", "\"skipped\":-1") + "}",
                "\"skipped\"");
        assertRefused(
                "{\"type\":\"event\",\"stream\":\"a\"," + good.replace("\"skipped_errors\":0", "\"skipped_errors\":1")
                        + "}",
                "skipped_errors 1 is more than skipped 0");
        assertRefused("{\"type\":\"dead_letters\",\"count\":1.5,\"by_reason\":{}}", "\"count\"");
        assertRefused("{\"type\":\"dead_letters\",\"count\":1,\"by_reason\":[]}", "by_reason");
        assertRefused("{\"type\":\"dead_letters\",\"count\":1,\"by_reason\":{},\"last\":7}", "\"last\"");
    }

    private static void assertRefused(String json, String saying) {
        assertThatThrownBy(() -> SampleReader.read(json == null ? null : json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(saying);
    }
}
