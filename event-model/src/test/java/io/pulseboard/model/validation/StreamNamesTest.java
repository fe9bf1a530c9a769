package io.pulseboard.model.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class StreamNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "9", "checkout.api", "llm.m-large_v2", "a.", "a..b", "0-0"})
    void valid(String name) {
        assertThat(StreamNames.isValid(name)).isTrue();
        assertThat(StreamNames.isValid(name + "x".repeat(StreamNames.MAX_LENGTH - name.length())))
                .isTrue();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {".a", "-a", "_a", "A", "a b", "a/b", "a*", "ä", "a\n"})
    void invalid(String name) {
        assertThat(StreamNames.isValid(name)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "checkout.api"})
    void atMost128Characters(String name) {
        assertThat(StreamNames.isValid(name + "x".repeat(StreamNames.MAX_LENGTH + 1 - name.length())))
                .isFalse();
    }
}
