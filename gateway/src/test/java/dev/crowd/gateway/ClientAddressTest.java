package dev.crowd.gateway;

import dev.crowd.gateway.web.ClientAddress;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ClientAddressTest {

    private final ClientAddress behindIngress = ClientAddress.trusting(List.of("10.0.0.0/8", "127.0.0.1"));

    @Test
    void theRightMostUntrustedHopIsTheClient() {
        assertThat(behindIngress.resolve("10.1.2.3", "6.6.6.6, 203.0.113.7")).isEqualTo("203.0.113.7");
        assertThat(behindIngress.resolve("10.1.2.3", "6.6.6.6, 203.0.113.7, 10.9.9.9")).isEqualTo("203.0.113.7");
    }

    @Test
    void anUntrustedPeerIsTheClientWhateverItClaims() {
        assertThat(behindIngress.resolve("203.0.113.9", "10.1.1.1")).isEqualTo("203.0.113.9");
        assertThat(ClientAddress.trusting(List.of()).resolve("10.1.2.3", "203.0.113.7")).isEqualTo("10.1.2.3");
    }

    @Test
    void garbageInTheHeaderStopsTheWalk() {
        assertThat(behindIngress.resolve("10.1.2.3", "203.0.113.7, evil.example")).isEqualTo("10.1.2.3");
        assertThat(behindIngress.resolve("127.0.0.1", null)).isEqualTo("127.0.0.1");
    }
}
