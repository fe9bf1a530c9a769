package io.pulseboard.aggregator.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which webhook targets are refused: a table of hosts, all literals except localhost (which every
 * machine resolves to loopback), so no test here depends on DNS.
 */
class WebhookTargetsTest {

    private static final WebhookTargets PUBLIC_ONLY = new WebhookTargets(List.of());

    @ParameterizedTest(name = "{0} is refused as {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "127.0.0.1                 | loopback",
                "127.255.255.254           | loopback",
                "2130706433                | loopback",
                "localhost                 | loopback",
                "LOCALHOST                 | loopback",
                "[::1]                     | loopback",
                "[::ffff:127.0.0.1]        | loopback",
                "[::127.0.0.1]             | loopback",
                "[2002:7f00:1::]           | loopback",
                "169.254.169.254           | link-local",
                "[::ffff:169.254.169.254]  | link-local",
                "[64:ff9b::a9fe:a9fe]      | link-local",
                "[fe80::1]                 | link-local",
                "10.0.0.1                  | private",
                "172.16.0.1                | private",
                "172.31.255.255            | private",
                "192.168.1.1               | private",
                "100.64.0.1                | private",
                "[fd00::1]                 | private",
                "[fc00::1]                 | private",
                "0.0.0.0                   | unspecified",
                "0                         | unspecified",
                "[::]                      | unspecified",
                "224.0.0.1                 | multicast",
                "[ff02::1]                 | multicast",
                "255.255.255.255           | broadcast",
                "240.0.0.1                 | reserved",
            })
    void refusesAddressesThatAreNotPublic(String host, String kind) throws Exception {
        assertThat(PUBLIC_ONLY.refusal(URI.create("http://" + host + ":8080/hook")))
                .contains("a " + kind)
                .contains("pulse.notifications.allowed-hosts");
    }

    @ParameterizedTest(name = "{0} is public")
    @CsvSource({
        "8.8.8.8",
        "93.184.216.34",
        "11.0.0.1",
        "172.32.0.1",
        "192.169.0.1",
        "169.255.0.1",
        "[2606:4700::1111]",
        "[::ffff:8.8.8.8]"
    })
    void allowsPublicAddresses(String host) throws Exception {
        assertThat(PUBLIC_ONLY.refusal(URI.create("https://" + host + "/hook"))).isNull();
    }

    /** URI reads these (BSD shorthand, hex) as a registry name without host: refused, never resolved. */
    @ParameterizedTest
    @CsvSource({"0x7f.1", "127.1", "0x7f000001.", "0177.1"})
    void refusesHostsTheUrlParserDoesNotAccept(String host) throws Exception {
        URI url = URI.create("http://" + host + "/hook");
        if (url.getHost() == null) {
            assertThat(PUBLIC_ONLY.refusal(url)).contains("has no host");
        }
    }

    @Test
    void allowsByHostNameAddressOrRange() throws Exception {
        WebhookTargets byName = new WebhookTargets(List.of("localhost"));
        assertThat(byName.refusal(URI.create("http://localhost:9/x"))).isNull();
        assertThat(byName.refusal(URI.create("http://LocalHost.:9/x"))).isNull();
        assertThat(byName.refusal(URI.create("http://127.0.0.1:9/x")))
                .as("the name allows the name only")
                .contains("loopback");

        WebhookTargets byAddress = new WebhookTargets(List.of(" 127.0.0.1 ", ""));
        assertThat(byAddress.refusal(URI.create("http://127.0.0.1:9/x"))).isNull();
        assertThat(byAddress.refusal(URI.create("http://localhost:9/x")))
                .as("resolves to the allowed address")
                .isNull();
        assertThat(byAddress.refusal(URI.create("http://[::ffff:127.0.0.1]:9/x")))
                .isNull();
        assertThat(byAddress.refusal(URI.create("http://127.0.0.2:9/x"))).contains("loopback");

        WebhookTargets byRange = new WebhookTargets(List.of("10.0.0.0/8", "fd00::/8"));
        assertThat(byRange.refusal(URI.create("http://10.1.2.3/x"))).isNull();
        assertThat(byRange.refusal(URI.create("http://[::ffff:10.1.2.3]/x"))).isNull();
        assertThat(byRange.refusal(URI.create("http://[fd12::1]/x"))).isNull();
        assertThat(byRange.refusal(URI.create("http://[fc00::1]/x"))).contains("private");
        assertThat(byRange.refusal(URI.create("http://192.168.0.1/x"))).contains("private");
        assertThat(byRange.refusal(URI.create("http://169.254.169.254/x"))).contains("link-local");
    }

    @Test
    void refusesABadSetting() {
        assertThatThrownBy(() -> new WebhookTargets(List.of("10.0.0.0/33")))
                .hasMessageContaining("pulse.notifications.allowed-hosts")
                .hasMessageContaining("prefix length");
        assertThatThrownBy(() -> new WebhookTargets(List.of("10.0.0.0/x"))).hasMessageContaining("prefix length");
    }
}
