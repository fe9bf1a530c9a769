package io.pulseboard.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AccessTest {

    @Test
    void rolesMayUseTheirMethods() {
        assertThat(Role.VIEWER.mayUse("GET")).isTrue();
        assertThat(Role.VIEWER.mayUse("HEAD")).isTrue();
        assertThat(Role.VIEWER.mayUse("POST")).isFalse();
        assertThat(Role.VIEWER.mayUse("DELETE")).isFalse();
        assertThat(Role.OPERATOR.mayUse("PUT")).isTrue();
    }

    @Test
    void onlyLoopbackAddressesCountAsLoopback() {
        assertThat(LoopbackGuard.isLoopback("127.0.0.1")).isTrue();
        assertThat(LoopbackGuard.isLoopback("localhost")).isTrue();
        assertThat(LoopbackGuard.isLoopback("::1")).isTrue();
        assertThat(LoopbackGuard.isLoopback("[::1]")).isTrue();
        assertThat(LoopbackGuard.isLoopback("0.0.0.0")).isFalse();
        assertThat(LoopbackGuard.isLoopback("10.1.2.3")).isFalse();
        assertThat(LoopbackGuard.isLoopback("dead")).isFalse();
    }
}
