package io.footbridge.hosted.portal;

import org.junit.jupiter.api.Test;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An access point belongs to the tenant whose portal key its guests arrive through, and guests are sent on only to
 * the gateway registered for it or the portal's own pages.
 */
class PortalKeysTests extends PortalTestSupport {

    private static final String HID = "7a1b2c3d4e5f60718293a4b5c6d7e8f9";

    @Test
    void twoTenantsMayRegisterOneNodeAndTheKeyDecidesWhoseGuestsTheyAre() {
        TestTenant first = newTenant();
        first.createStore("BER-1");
        TestTenant second = newTenant();
        second.createStore("BER-1");
        String node = randomMac();
        var mine = register(first, Map.of("vendor", "meraki", "node", node, "store", "BER-1", "label", "Mine"));
        var taken = second.admin().post("/api/v1/wifi/access-points", Map.of("vendor", "meraki", "node", node,
                "store", "BER-1", "label", "Someone else's"));
        assertThat(taken.status()).as("nothing says the node is another tenant's").isEqualTo(201);
        assertThat(path(taken)).isNotEqualTo(path(mine));

        assertThat(meraki(path(mine), node, randomMac(), null).status()).isEqualTo(200);
        assertThat(logIn(meraki(path(mine), node, randomMac(), null)).status()).isEqualTo(302);
        assertThat(events(first.id())).hasSize(1);
        assertThat(events(second.id())).as("the guest of the first tenant's node").isEmpty();
        assertThat(logIn(meraki(path(taken), node, randomMac(), null)).status()).isEqualTo(302);
        assertThat(events(second.id())).hasSize(1);

        String forged = "/wifi/meraki/" + "0".repeat(32);
        assertThat(meraki(forged, node, randomMac(), null).status()).as("a key nobody was given").isEqualTo(404);
        assertThat(meraki("/wifi/meraki", node, randomMac(), null).status()).as("no key").isEqualTo(404);
        assertThat(meraki("/wifi/meraki/not-a-key", node, randomMac(), null).status()).isEqualTo(404);
        assertThat(events(first.id())).hasSize(1);
    }

    @Test
    void thePortalUrlIsForThoseWhoSetUpTheAccessPointAndCanBeShared() {
        TestTenant tenant = newTenant();
        tenant.createStore("BER-1");
        var first = register(tenant, Map.of("vendor", "meraki", "node", randomMac(), "store", "BER-1", "label",
                "Entrance"));
        String id = first.json().get("id").asString();
        String next = randomMac();
        var second = register(tenant, Map.of("vendor", "meraki", "node", next, "store", "BER-1", "label",
                "Back", "samePortalAs", id));
        assertThat(path(second)).as("one splash URL for the network").isEqualTo(path(first));
        assertThat(logIn(meraki(path(second), next, randomMac(), null)).status()).isEqualTo(302);

        var listed = tenant.admin().get("/api/v1/wifi/access-points");
        assertThat(listed.toString()).doesNotContain("portalUrl").doesNotContain(path(first).substring(13));
        var again = tenant.admin().get("/api/v1/wifi/access-points/" + id + "/portal-url");
        assertThat(again.status()).isEqualTo(200);
        assertThat(path(again)).isEqualTo(path(first));

        TestTenant other = newTenant();
        other.createStore("BER-1");
        assertThat(other.admin().get("/api/v1/wifi/access-points/" + id + "/portal-url").status()).isEqualTo(404);
        assertThat(other.admin().post("/api/v1/wifi/access-points", Map.of("vendor", "meraki", "node", randomMac(),
                "store", "BER-1", "label", "Borrowed", "samePortalAs", id)).errorFields())
                .as("another tenant's portal URL").containsExactly("samePortalAs");
    }

    @Test
    void anOpenNdsGatewaySendsGuestsOnlyToItsOwnAddress() {
        TestTenant tenant = newTenant();
        tenant.createStore("BER-1");
        var gateway = register(tenant, Map.of("vendor", "opennds", "node", "ber-1-gw", "store", "BER-1",
                "label", "Back office router", "secret", "fas-key-1234", "gatewayAddress", "192.168.8.1:2050"));
        assertThat(gateway.json().get("hasSecret").asBoolean()).isTrue();
        assertThat(gateway.toString()).doesNotContain("fas-key-1234");
        String fasPath = path(gateway);
        assertThat(fasPath).matches("/wifi/opennds/[0-9a-f]{32}");
        String client = randomMac();

        var page = anonymous.get(fasPath + "?fas=" + encode(plainFas(client, "192.168.8.1:2050")));
        assertThat(page.status()).isEqualTo(200);
        var login = logIn(page);
        assertThat(login.status()).isEqualTo(302);
        assertThat(login.header("Location")).startsWith("http://192.168.8.1:2050/opennds_auth/?tok="
                + Gateways.sha256(HID + "fas-key-1234") + "&redir=" + encode("http://localhost:"))
                .contains(encode("/wifi/online?ap=")).doesNotContain("example.com");

        var elsewhere = anonymous.get(fasPath + "?fas=" + encode(plainFas(client, "evil.example.com:80")));
        assertThat(elsewhere.status()).as("a remembered device, sent to a forged gateway").isEqualTo(400);
        assertThat(anonymous.get(fasPath + "?fas=%21%21not-base64").status()).isEqualTo(400);
        assertThat(anonymous.get(fasPath).status()).isEqualTo(400);
        assertThat(anonymous.get("/wifi/opennds?fas=" + encode(plainFas(client, "192.168.8.1:2050"))).status())
                .as("the FAS path without its key").isEqualTo(404);

        assertThat(tenant.admin().post("/api/v1/wifi/access-points", Map.of("vendor", "opennds", "node", "x-gw",
                "store", "BER-1", "label", "No key")).errorFields()).containsExactly("secret");
        assertThat(tenant.admin().post("/api/v1/wifi/access-points", Map.of("vendor", "opennds", "node", "x-gw",
                "store", "BER-1", "label", "Odd", "secret", "fas-key-1234", "gatewayAddress", "http://x/"))
                .errorFields()).containsExactly("gatewayAddress");
    }

    @Test
    void anEncryptedFasProvesTheGatewayAndAPlainOneNeedsItsAddressRegistered() throws Exception {
        TestTenant tenant = newTenant();
        tenant.createStore("BER-1");
        String faskey = "1234567890abcdef-faskey";
        String fasPath = path(register(tenant, Map.of("vendor", "opennds", "node", "ber-2-gw", "store", "BER-1",
                "label", "Router", "secret", faskey)));
        String client = randomMac();
        String query = query(client, "ber-2-gw", "10.20.0.1:2050");
        String iv = "0123456789abcdef";

        var page = anonymous.get(fasPath + "?fas=" + encode(encrypted(query, iv, faskey)) + "&iv=" + iv);
        assertThat(page.status()).as(page.raw().body()).isEqualTo(200);
        assertThat(logIn(page).header("Location")).startsWith("http://10.20.0.1:2050/opennds_auth/?tok="
                + Gateways.sha256(HID + faskey));

        assertThat(anonymous.get(fasPath + "?fas=" + encode(encrypted(query, iv, "another-faskey-000")) + "&iv=" + iv)
                .status()).as("encrypted with another key").isEqualTo(400);
        assertThat(anonymous.get(fasPath + "?fas=" + encode(Base64.getEncoder().encodeToString(
                query.getBytes(StandardCharsets.UTF_8)))).status())
                .as("plain, and no address registered to believe it about").isEqualTo(400);
        assertThat(events(tenant.id())).hasSize(1);
    }

    private static String plainFas(String client, String gatewayAddress) {
        return Base64.getEncoder().encodeToString(query(client, "ber-1-gw", gatewayAddress)
                .getBytes(StandardCharsets.UTF_8));
    }

    private static String query(String client, String gateway, String gatewayAddress) {
        return "hid=" + HID + ", clientip=10.1.1.20, clientmac=" + client + ", client_type=cpd_can, gatewayname="
                + gateway + ", version=10.1.3, gatewayaddress=" + gatewayAddress + ", gatewaymac=" + randomMac()
                + ", authdir=opennds_auth, originurl=http%3A%2F%2Fexample.com%2F, clientif=br-lan";
    }

    /** As openNDS does it, through PHP: openssl_encrypt (base64 out, key padded with zero bytes), base64 again. */
    private static String encrypted(String query, String iv, String faskey) throws Exception {
        Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(Arrays.copyOf(faskey.getBytes(StandardCharsets.UTF_8), 32),
                "AES"), new IvParameterSpec(iv.getBytes(StandardCharsets.US_ASCII)));
        String once = Base64.getEncoder().encodeToString(cipher.doFinal(query.getBytes(StandardCharsets.UTF_8)));
        return Base64.getEncoder().encodeToString(once.getBytes(StandardCharsets.US_ASCII));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
