package io.pulseboard.aggregator.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulseboard.model.Event;
import io.pulseboard.model.Status;
import io.pulseboard.model.validation.ParsedEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class RecordKeysTest {

    private static ConsumerRecord<byte[], byte[]> record(byte[] key, String json) {
        return new ConsumerRecord<>("pulse.events", 0, 7, key, json.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static final String EVENT = "{\"stream\":\"checkout.api\",\"time\":\"2026-11-22T10:00:00Z\"}";

    private final BatchParser parser = new BatchParser(1);

    private ParsedEvent parse(byte[] key, String json) {
        return parser.parse(List.of(record(key, json)), Instant.parse("2026-11-22T10:00:01Z"))[0];
    }

    @Test
    void aRecordKeyedByItsStreamIsAccepted() {
        assertThat(parse(bytes("checkout.api"), EVENT).valid()).isTrue();
    }

    @Test
    void aRecordWithoutKeyIsRejectedNamingTheStream() {
        ParsedEvent p = parse(null, EVENT);
        assertThat(p.valid()).isFalse();
        assertThat(p.violations().get(0).field()).isEqualTo("record key");
        assertThat(p.violations().get(0).message()).contains("no key", "'checkout.api'");
    }

    @Test
    void aRecordKeyedByAnotherNameIsRejectedNamingBoth() {
        for (String key : List.of("checkout.ap", "checkout.apix", "Checkout.api", "other", "")) {
            ParsedEvent p = parse(bytes(key), EVENT);
            assertThat(p.valid()).as(key).isFalse();
            assertThat(p.violations().get(0).message()).as(key).contains("is not the event's stream 'checkout.api'");
        }
        assertThat(parse(bytes("other"), EVENT).violations().get(0).message()).contains("key 'other'");
        assertThat(parse(new byte[0], EVENT).violations().get(0).message()).contains("'' (empty)");
    }

    @Test
    void anInvalidEventKeepsItsOwnViolationsWhateverTheKey() {
        ParsedEvent p = parse(null, "{\"stream\":\"Bad Name\"}");
        assertThat(p.violations()).extracting(v -> v.field()).containsExactly("stream");
    }

    @Test
    void aForeignKeyIsQuotedPrintableAndBounded() {
        assertThat(RecordKeys.quote(new byte[] {'a', 1, '\'', (byte) 0xff})).isEqualTo("'a\\u0001\\u0027\ufffd'");
        String quoted = RecordKeys.quote(bytes("k".repeat(10_000)));
        assertThat(quoted).startsWith("'" + "k".repeat(64) + "'").endsWith("... (10000 bytes)");
        assertThat(quoted.length()).isLessThan(100);
    }

    @Test
    void checkLeavesAMatchingEventAsItIs() {
        ParsedEvent accepted =
                ParsedEvent.accepted(new Event("a.b", Instant.EPOCH, Status.OK, null, Map.of(), Map.of(), null, null));
        assertThat(RecordKeys.check(bytes("a.b"), accepted)).isSameAs(accepted);
    }
}
