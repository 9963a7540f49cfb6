package io.footbridge.platform.web;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

class OutboundAddressPolicyTests {

    private final OutboundAddressPolicy strict = new OutboundAddressPolicy(false);
    private final OutboundAddressPolicy allowingPrivate = new OutboundAddressPolicy(true);

    @Test
    void thisMachineAndPrivateNetworksAreRefusedUnlessTheInstallationAllowsThem() {
        for (String address : new String[]{"http://127.0.0.1:8080/hook", "http://localhost/hook",
                "https://10.1.2.3/hook", "https://172.16.0.9/hook", "https://192.168.1.20/hook", "http://[::1]/hook",
                "http://[fd12:3456::1]/hook"}) {
            assertThat(strict.refusal(URI.create(address))).as(address).isPresent();
            assertThat(allowingPrivate.refusal(URI.create(address))).as(address).isEmpty();
        }
    }

    @Test
    void linkLocalAndUnspecifiedAddressesAreAlwaysRefused() {
        for (String address : new String[]{"http://169.254.169.254/latest/meta-data/", "http://0.0.0.0:8080/",
                "http://[fe80::1]/hook", "http://224.0.0.1/"}) {
            assertThat(allowingPrivate.refusal(URI.create(address))).as(address).isPresent();
        }
    }

    @Test
    void aPublicAddressMayBeCalled() {
        assertThat(strict.refusal(URI.create("https://93.184.215.14/hooks"))).isEmpty();
        assertThat(strict.refusal(URI.create("https://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/hooks"))).isEmpty();
    }
}
