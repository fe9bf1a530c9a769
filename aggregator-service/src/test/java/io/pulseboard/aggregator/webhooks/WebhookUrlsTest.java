package io.pulseboard.aggregator.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The masked form of notification URLs: scheme, host and port kept, nothing else of the URL visible. */
class WebhookUrlsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "https://hooks.slack.com/services/T000/B000/XXXX   | https://hooks.slack.com/***",
                "https://hooks.example.com:8443/hook/s3cret        | https://hooks.example.com:8443/***",
                "http://hooks.example.com/notify?token=s3cret      | http://hooks.example.com/***",
                "https://hooks.example.com/a#s3cret                | https://hooks.example.com/***",
                "https://hooks.example.com?token=s3cret            | https://hooks.example.com/***",
                "https://hooks.example.com                         | https://hooks.example.com/***",
                "https://hooks.example.com/                        | https://hooks.example.com/***",
                "https://user:s3cret@hooks.example.com/x           | https://***@hooks.example.com/***",
                "https://s3cret@hooks.example.com:444              | https://***@hooks.example.com:444/***",
                "HTTPS://Hooks.Example.com/X                       | https://Hooks.Example.com/***",
                "http://[::1]:8080/s3cret                          | http://[::1]:8080/***",
                "' https://hooks.example.com/s3cret '              | https://hooks.example.com/***",
                "https://hooks.slack.com/***                       | https://hooks.slack.com/***",
                "https://under_score.s3cret/x                      | https://***",
                "s3cret                                            | ***",
                "mailto:s3cret@example.com                         | ***",
                "'https://s3cret host/x'                           | ***",
            })
    void hidesEverythingButSchemeHostAndPort(String url, String masked) {
        assertThat(WebhookUrls.masked(url)).isEqualTo(masked).doesNotContain("s3cret");
        assertThat(WebhookUrls.masked(masked))
                .as("masking again changes nothing")
                .isEqualTo(masked);
        assertThat(WebhookUrls.isMasked(masked)).isTrue();
    }

    @Test
    void aFullUrlIsNotMasked() {
        assertThat(WebhookUrls.isMasked("https://hooks.slack.com/services/T000/B000/XXXX"))
                .isFalse();
        assertThat(WebhookUrls.isMasked("https://hooks.slack.com")).isFalse();
        assertThat(WebhookUrls.isMasked(null)).isFalse();
        assertThat(WebhookUrls.masked(null)).isNull();
    }
}
