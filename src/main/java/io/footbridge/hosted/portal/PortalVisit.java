package io.footbridge.hosted.portal;

import java.util.UUID;

/**
 * A guest's device arriving from an access point, with what the vendor sent that is needed to let it online.
 * Carried through the form in a signed token, so nothing of it is taken from the guest's browser twice.
 *
 * @param accessPoint    the registered access point the portal key and node led to
 * @param node           the access point (MAC) or gateway (name) as registered
 * @param grantUrl       Meraki: where to send the device to be let online (on Meraki's own host)
 * @param gatewayAddress openNDS: the gateway's address and port, authentic or as registered
 * @param authDir        openNDS: the gateway's authentication path
 * @param hid            openNDS: the hashed id the gateway expects back, combined with its faskey
 * @param site           UniFi: the controller site
 * @param nonce          makes each visit's login one event, however often the form is sent
 * @param wordingVersion the wording the form showed
 */
record PortalVisit(WifiVendor vendor, UUID accessPoint, String node, String clientMac, String grantUrl, String ssid,
                   String gatewayAddress, String authDir, String hid, String site, String nonce, long issuedAt,
                   int wordingVersion) {

    PortalVisit withAccessPoint(UUID id) {
        return new PortalVisit(vendor, id, node, clientMac, grantUrl, ssid, gatewayAddress, authDir, hid, site, nonce,
                issuedAt, wordingVersion);
    }

    PortalVisit withWording(int version) {
        return new PortalVisit(vendor, accessPoint, node, clientMac, grantUrl, ssid, gatewayAddress, authDir, hid,
                site, nonce, issuedAt, version);
    }
}
