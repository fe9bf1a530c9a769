package io.pulseboard.model.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulseboard.model.http.RequestGuard.Reason;
import io.pulseboard.model.http.RequestGuard.Refusal;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestGuardTest {

    private static final RequestGuard DEFAULTS = new RequestGuard(List.of(), List.of());

    @ParameterizedTest
    @ValueSource(
            strings = {
                "localhost",
                "localhost:8081",
                "LOCALHOST:8081",
                "localhost.:80",
                "127.0.0.1",
                "127.0.0.1:8082",
                "[::1]",
                "[::1]:8080",
                // An address literal cannot be a rebinding name: probes and scrapers reach pods by address.
                "10.1.2.3:8082",
                "192.168.0.7",
                "[fe80::1]:8080"
            })
    void loopbackNamesAndAddressLiteralsAreAllowedHostsByDefault(String host) {
        assertThat(DEFAULTS.check("GET", host, null, null)).isEmpty();
        assertThat(DEFAULTS.check("POST", host, null, null)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "evil.example",
                "evil.example:8081",
                "localhost.evil.example",
                "127.0.0.1.nip.io:8080",
                "aggregator:8082",
                "user@localhost",
                "local host",
                "localhost:80x",
                "[::1",
                "999.1.1.1",
                ""
            })
    void anyOtherHostIsRefusedOnReadsAndWritesNamingTheSetting(String host) {
        for (String method : List.of("GET", "POST", "DELETE")) {
            Refusal refusal = DEFAULTS.check(method, host, null, null).orElseThrow();
            assertThat(refusal.reason()).isEqualTo(Reason.HOST);
            assertThat(refusal.value()).isEqualTo(host);
            assertThat(refusal.detail())
                    .contains("'" + host + "'")
                    .contains(RequestGuard.HOSTS_SETTING)
                    .contains("PULSE_HTTP_ALLOWED_HOSTS");
        }
    }

    @Test
    void configuredHostsAllowAnyPortOrOnlyTheirOwnAndAStarSwitchesTheCheckOff() {
        RequestGuard guard = new RequestGuard(
                List.of("aggregator", "ingest:8081", "*.svc.cluster.local", "Pulse.Example.ORG"), List.of());
        assertThat(guard.check("POST", "aggregator:8082", null, null)).isEmpty();
        assertThat(guard.check("POST", "aggregator", null, null)).isEmpty();
        assertThat(guard.check("POST", "ingest:8081", null, null)).isEmpty();
        assertThat(guard.check("POST", "ingest:9999", null, null)).isPresent();
        assertThat(guard.check("GET", "aggregator.pulseboard.svc.cluster.local:8082", null, null))
                .isEmpty();
        assertThat(guard.check("GET", "svc.cluster.local", null, null)).isPresent();
        assertThat(guard.check("GET", "pulse.example.org", null, null)).isEmpty();
        assertThat(guard.check("GET", "localhost:8080", null, null)).isEmpty();
        assertThat(guard.check("GET", "evil.example", null, null)).isPresent();

        RequestGuard any = new RequestGuard(List.of("*"), List.of());
        assertThat(any.check("POST", "evil.example", null, null)).isEmpty();
    }

    @Test
    void aRequestWithoutHostIsNotFromABrowserAndPassesTheHostCheck() {
        assertThat(DEFAULTS.check("POST", null, null, null)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "POST, localhost:8081, http://localhost:8081",
        "PUT, localhost:8081, http://localhost:8081/",
        "DELETE, 127.0.0.1:8082, HTTP://127.0.0.1:8082",
        "PATCH, [::1]:8080, http://[::1]:8080",
        // Behind a proxy that ends TLS: the page is https, the service sees the same host without the port.
        "POST, localhost, https://localhost",
        "POST, localhost:443, https://localhost",
        "POST, localhost, http://localhost:80"
    })
    void aWriteFromTheSameOriginPasses(String method, String host, String origin) {
        assertThat(DEFAULTS.check(method, host, origin, "same-origin")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "POST, localhost:8081, http://evil.example",
        "POST, localhost:8081, http://localhost:8080",
        "DELETE, localhost:8081, http://127.0.0.1:8081",
        "PUT, localhost:8081, http://localhost:8081.evil.example",
        "PATCH, localhost:8081, null",
        "POST, localhost:8081, file://",
        "POST, localhost:8081, not a url",
        "POST, , http://localhost"
    })
    void aWriteFromAnyOtherOriginIsRefusedNamingIt(String method, String host, String origin) {
        Refusal refusal = DEFAULTS.check(method, host, origin, "cross-site").orElseThrow();
        assertThat(refusal.reason()).isEqualTo(Reason.ORIGIN);
        assertThat(refusal.value()).isEqualTo(origin);
        assertThat(refusal.detail()).contains("'" + origin + "'").contains(RequestGuard.ORIGINS_SETTING);
    }

    @Test
    void readsAreNotCheckedForOrigin() {
        for (String method : List.of("GET", "HEAD", "OPTIONS")) {
            assertThat(DEFAULTS.check(method, "localhost:8081", "http://evil.example", "cross-site"))
                    .isEmpty();
        }
    }

    @Test
    void aWebSocketUpgradeIsCheckedLikeAWrite() {
        assertThat(DEFAULTS.check(true, "localhost:8080", "http://evil.example", null))
                .map(Refusal::reason)
                .contains(Reason.ORIGIN);
        assertThat(DEFAULTS.check(true, "localhost:8080", "http://localhost:8080", null))
                .isEmpty();
    }

    @Test
    void configuredOriginsPassAndAStarAllowsAny() {
        RequestGuard guard =
                new RequestGuard(List.of(), List.of("https://dashboard.example.org/", "HTTP://Tools.Example:8443"));
        assertThat(guard.check("POST", "localhost:8081", "https://dashboard.example.org", "cross-site"))
                .isEmpty();
        assertThat(guard.check("POST", "localhost:8081", "http://tools.example:8443", "cross-site"))
                .isEmpty();
        assertThat(guard.check("POST", "localhost:8081", "http://dashboard.example.org", "cross-site"))
                .isPresent();
        RequestGuard any = new RequestGuard(List.of(), List.of("*"));
        assertThat(any.check("POST", "localhost:8081", "http://evil.example", "cross-site"))
                .isEmpty();
    }

    @Test
    void aCrossSiteWriteWithoutOriginIsRefusedAndOneWithoutEitherHeaderPasses() {
        Optional<Refusal> refusal = DEFAULTS.check("POST", "localhost:8081", null, "cross-site");
        assertThat(refusal).map(Refusal::reason).contains(Reason.CROSS_SITE);
        assertThat(refusal.orElseThrow().detail()).contains("cross-site");
        assertThat(DEFAULTS.check("POST", "localhost:8081", null, "same-origin"))
                .isEmpty();
        assertThat(DEFAULTS.check("POST", "localhost:8081", null, "none")).isEmpty();
        // curl, the CLI, another service: no browser headers at all.
        assertThat(DEFAULTS.check("POST", "localhost:8081", null, null)).isEmpty();
    }

    @Test
    void theHostIsCheckedBeforeTheOrigin() {
        assertThat(DEFAULTS.check("POST", "evil.example:8081", "http://evil.example:8081", null))
                .map(Refusal::reason)
                .contains(Reason.HOST);
    }

    @ParameterizedTest
    @CsvSource({
        "GET, false",
        "HEAD, false",
        "OPTIONS, false",
        "TRACE, false",
        "get, false",
        "POST, true",
        "PUT, true",
        "PATCH, true",
        "DELETE, true",
        "PROPFIND, true"
    })
    void everyMethodButTheSafeOnesChangesState(String method, boolean changes) {
        assertThat(RequestGuard.changesState(method)).isEqualTo(changes);
    }
}
