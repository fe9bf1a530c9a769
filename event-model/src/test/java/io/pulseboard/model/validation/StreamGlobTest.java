package io.pulseboard.model.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StreamGlobTest {

    @ParameterizedTest(name = "{0} matches {1}")
    @CsvSource({
        "checkout.api, checkout.api",
        "checkout.*, checkout.api",
        "checkout.*, checkout.",
        "*.api, checkout.api",
        "*.api, .api",
        "llm-*, llm-",
        "llm-*, llm-large",
        "llm.*-v2, llm.large-v2",
        "llm.*-v2, llm.-v2",
        "a*b*c, abc",
        "a*b*c, axxbyyc",
        "a*b*c, abcbc",
        "*, checkout",
        "*, ''",
        "*.*, a.b",
        "*.*.*, a.b.c",
        "checkout.**, checkout.api",
        "checkout.**, checkout.api.v2",
        "checkout.**, checkout.",
        "**, checkout",
        "**, checkout.api.v2",
        "**.api, checkout.api",
        "**.api, eu.checkout.api",
        "a.**.b, a.x.b",
        "a.**.b, a.x.y.z.b",
        "a.**.*-v2, a.x.y.m-v2",
        "**.**, a.b",
        "*.**, a.b.c",
        "a.**.b.**.c, a.1.b.2.3.c",
    })
    void matches(String glob, String stream) {
        assertThat(StreamGlob.compile(glob).matches(stream)).isTrue();
    }

    @ParameterizedTest(name = "{0} does not match {1}")
    @CsvSource({
        "checkout.api, checkout.apis",
        "checkout.api, checkout",
        "checkout.*, checkout",
        "checkout.*, checkout.api.v2",
        "checkout.*, checkoutx.api",
        "*.api, checkout.api.v2",
        "*.api, eu.checkout.api",
        "llm-*, llm.large",
        "llm-*, llm",
        "a*b*c, acb",
        "a*b*c, ab.c",
        "*, a.b",
        "*.*, a",
        "*.*, a.b.c",
        "checkout.**, checkout",
        "checkout.**, checkoutx.api",
        "**.api, api",
        "**.api, checkout.apis",
        "a.**.b, a.b",
        "a.**.b, a.x.c",
        "a.**.*-v2, a.x.y.m-v3",
        "**.**, a",
    })
    void doesNotMatch(String glob, String stream) {
        assertThat(StreamGlob.compile(glob).matches(stream)).isFalse();
    }

    @Test
    void nullMatchesNothing() {
        assertThat(StreamGlob.compile("**").matches(null)).isFalse();
        assertThat(StreamGlob.compile("a").matches(null)).isFalse();
    }

    @Test
    void literal() {
        assertThat(StreamGlob.compile("checkout.api").isLiteral()).isTrue();
        assertThat(StreamGlob.compile("checkout.*").isLiteral()).isFalse();
        assertThat(StreamGlob.compile("**").isLiteral()).isFalse();
    }

    @Test
    void identityIsThePattern() {
        StreamGlob glob = StreamGlob.compile("llm.*");

        assertThat(glob.pattern()).isEqualTo("llm.*");
        assertThat(glob)
                .hasToString("llm.*")
                .isEqualTo(StreamGlob.compile("llm.*"))
                .hasSameHashCodeAs(StreamGlob.compile("llm.*"))
                .isNotEqualTo(StreamGlob.compile("llm.**"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "Checkout|invalid stream glob \"Checkout\" at position 1: a glob starts with a letter, a digit or *, not 'C'",
                ".api|at position 1: a glob starts with a letter, a digit or *, not '.'",
                "-a|at position 1: a glob starts with a letter, a digit or *",
                "checkout.API|at position 10: 'A' is not allowed; use a-z 0-9 . _ - and *",
                "a b|at position 2: ' ' is not allowed",
                "llm.*?|at position 6: '?' is not allowed",
                "a.[b]|at position 3: '[' is not allowed",
                "a.***|at position 3: *** is not allowed; use * within a segment or ** for whole segments",
                "****|at position 1: *** is not allowed",
                "a**|at position 2: ** must be a whole segment, between dots; use * within a segment",
                "**a|at position 1: ** must be a whole segment",
                "a.**b.c|at position 3: ** must be a whole segment",
                "a.é|at position 3: 'é' is not allowed",
            })
    void errorsSayWhereAndWhat(String glob, String message) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> StreamGlob.compile(glob))
                .withMessageContaining(message);
    }

    @Test
    void emptyOrTooLong() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> StreamGlob.compile(""))
                .withMessage("stream glob is empty: give a stream name or a glob");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> StreamGlob.compile(null))
                .withMessageContaining("empty");
        assertThat(StreamGlob.compile("a".repeat(128)).matches("a".repeat(128))).isTrue();
        assertThatIllegalArgumentException()
                .isThrownBy(() -> StreamGlob.compile("a".repeat(129)))
                .withMessageEndingWith(": it is 129 characters long; at most 128 are allowed");
    }

    @Test
    @Timeout(60) // not a speed check: a backtracking matcher would not finish these in years
    void noCatastrophicBacktracking() {
        // Dozens of stars against a long near-miss: exponential for a backtracking matcher.
        StreamGlob glob = StreamGlob.compile("*a".repeat(63) + "b");
        String stream = "a".repeat(100_000);

        assertThat(glob.matches(stream)).isFalse();
        assertThat(StreamGlob.compile("**.**.**.**.**.**.**.**.**.**.x").matches("a.".repeat(50_000)))
                .isFalse();
    }
}
