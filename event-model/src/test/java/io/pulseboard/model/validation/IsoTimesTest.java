package io.pulseboard.model.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fast path must agree with the general ISO-8601 parser wherever it answers. */
class IsoTimesTest {

    private static Instant general(String text) {
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant();
        } catch (DateTimeException e) {
            return null;
        }
    }

    @Test
    void agreesWithTheGeneralParserOnRandomTimesInEveryCommonSpelling() {
        Random random = new Random(7);
        String[] fractions = {"", ".1", ".12", ".123", ".123456", ".123456789"};
        for (int i = 0; i < 20_000; i++) {
            long seconds = random.nextLong(-62_000_000_000L, 253_000_000_000L);
            int offset = (random.nextInt(36) - 18) * 1800;
            if (Math.abs(offset) > 17 * 3600) {
                offset = 0;
            }
            OffsetDateTime t = Instant.ofEpochSecond(seconds).atOffset(ZoneOffset.ofTotalSeconds(offset));
            String base = t.toLocalDateTime().withNano(0).toString();
            if (base.length() == 16) {
                base += ":00"; // toString leaves out zero seconds
            }
            String zone =
                    offset == 0 && random.nextBoolean() ? "Z" : t.getOffset().getId();
            zone = zone.equals("Z") && random.nextBoolean() ? "+00:00" : zone;
            String text = base + fractions[random.nextInt(fractions.length)] + zone;
            Instant fast = IsoTimes.parseUtc(text);
            assertThat(fast).as(text).isNotNull().isEqualTo(general(text));
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2026-02-29T10:00:00Z",
                "2026-13-01T10:00:00Z",
                "2026-11-22T24:00:00Z",
                "2026-11-22T10:60:00Z",
                "2026-11-22T10:15:60Z",
                "2026-11-22T10:15:30",
                "2026-11-22 10:15:30Z",
                "2026-11-22t10:15:30z",
                "2026-11-22T10:15:30.Z",
                "2026-11-22T10:15:30.1234567890Z",
                "2026-11-22T10:15:30+18:00",
                "2026-11-22T10:15:30+01:00:00",
                "2026-11-22T10:15:30+0100",
                "+12026-11-22T10:15:30Z",
                "2026-11-22T10:15:30ZZ",
                "2026-1a-22T10:15:30Z",
                "2026-11-22T10:15:30-00:60"
            })
    void leavesEverythingElseToTheGeneralParser(String text) {
        // Null means "not the common form"; whether it is valid at all is the general parser's call.
        assertThat(IsoTimes.parseUtc(text)).as(text).isNull();
    }

    @Test
    void readsTheExamplesOfTheContract() {
        assertThat(IsoTimes.parseUtc("2026-11-22T10:15:30.123Z")).isEqualTo(Instant.parse("2026-11-22T10:15:30.123Z"));
        assertThat(IsoTimes.parseUtc("2026-11-22T11:15:30+01:00")).isEqualTo(Instant.parse("2026-11-22T10:15:30Z"));
        assertThat(IsoTimes.parseUtc("0000-01-01T00:00:00Z")).isEqualTo(general("0000-01-01T00:00:00Z"));
    }
}
