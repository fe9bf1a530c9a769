package io.pulseboard.gateway.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pulseboard.gateway.routing.Kind;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientRequestTest {

    @Test
    void haveIsReadAsStreamAtHourWithTheHourWrittenAsTheGatewayWritesIt() throws FrameError {
        ClientRequest request = ClientRequest.parse(
                "{\"type\":\"subscribe\",\"streams\":[\"**\"],\"have\":{\"a.b@2026-11-22T10:00:00.000Z\":7,\"c@2026-11-22T11:00:00Z\":0}}");
        assertThat(((ClientRequest.Subscribe) request).have())
                .isEqualTo(Map.of("a.b@2026-11-22T10:00:00Z", 7L, "c@2026-11-22T11:00:00Z", 0L));
        assertThat(((ClientRequest.Subscribe) ClientRequest.parse("{\"type\":\"subscribe\",\"streams\":[\"**\"]}"))
                        .have())
                .isEmpty();
    }

    @Test
    void haveNamesABoundedNumberOfHours() {
        StringBuilder frame = new StringBuilder("{\"type\":\"subscribe\",\"streams\":[\"**\"],\"have\":{");
        for (int i = 0; i <= ClientRequest.MAX_HAVE; i++) {
            frame.append(i == 0 ? "" : ",").append("\"s").append(i).append("@2026-11-22T10:00:00Z\":1");
        }
        frame.append("}}");
        assertThatThrownBy(() -> ClientRequest.parse(frame.toString()))
                .isInstanceOf(FrameError.class)
                .hasMessageContaining("at most " + ClientRequest.MAX_HAVE);
    }

    @Test
    void kindsDefaultToMetricsAndAlertsAndMayNameMinutes() throws FrameError {
        assertThat(((ClientRequest.Subscribe) ClientRequest.parse("{\"type\":\"subscribe\",\"streams\":[\"**\"]}"))
                        .kinds())
                .containsExactly(Kind.METRICS, Kind.ALERTS);
        assertThat(((ClientRequest.Subscribe) ClientRequest.parse(
                                "{\"type\":\"subscribe\",\"streams\":[\"**\"],\"kinds\":[\"minutes\"]}"))
                        .kinds())
                .containsExactly(Kind.MINUTES);
        assertThatThrownBy(() ->
                        ClientRequest.parse("{\"type\":\"subscribe\",\"streams\":[\"**\"],\"kinds\":[\"minute\"]}"))
                .isInstanceOf(FrameError.class)
                .hasMessageContaining("kinds[0]")
                .hasMessageContaining("\"minutes\"");
    }

    @Test
    void theLiveFeedKindsAreReadAndABadKindListsThemAll() throws FrameError {
        assertThat(((ClientRequest.Subscribe)
                                ClientRequest.parse(
                                        "{\"type\":\"subscribe\",\"streams\":[\"**\"],\"kinds\":[\"dead_letters\",\"errors\",\"metrics\"]}"))
                        .kinds())
                .containsExactly(Kind.METRICS, Kind.ERRORS, Kind.DEAD_LETTERS);
        assertThatThrownBy(() -> ClientRequest.parse(
                        "{\"type\":\"subscribe\",\"streams\":[\"**\"],\"kinds\":[\"events\",\"logs\"]}"))
                .isInstanceOf(FrameError.class)
                .hasMessage(
                        "kinds[1] is \"logs\"; use \"metrics\", \"minutes\", \"alerts\", \"events\", \"errors\" or \"dead_letters\"");
    }

    @Test
    void eventsAndErrorsTogetherAreRefusedSayingWhy() {
        assertThatThrownBy(() -> ClientRequest.parse(
                        "{\"type\":\"subscribe\",\"streams\":[\"a\"],\"kinds\":[\"errors\",\"metrics\",\"events\"]}"))
                .isInstanceOf(FrameError.class)
                .hasMessageContaining("both \"events\" and \"errors\"")
                .extracting(e -> ((FrameError) e).code())
                .isEqualTo(FrameError.BAD_REQUEST);
    }
}
