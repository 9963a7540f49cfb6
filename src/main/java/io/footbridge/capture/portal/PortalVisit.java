package io.footbridge.capture.portal;

/**
 * A guest's device arriving from an access point, with what the vendor sent that is needed to let it online.
 * Carried through the form in a signed token, so nothing of it is taken from the guest's browser twice.
 *
 * @param node           the access point (MAC) or gateway (name) as registered
 * @param grantUrl       Meraki: where to send the device to be let online
 * @param continueUrl    where the guest was going, when the vendor says
 * @param gatewayAddress openNDS: the gateway's address and port
 * @param authDir        openNDS: the gateway's authentication path
 * @param hid            openNDS: the hashed id the gateway expects back, combined with its faskey
 * @param site           UniFi: the controller site
 * @param nonce          makes each visit's login one event, however often the form is sent
 * @param wordingVersion the wording the form showed
 */
record PortalVisit(WifiVendor vendor, String node, String clientMac, String grantUrl, String continueUrl,
                   String ssid, String gatewayAddress, String authDir, String hid, String site, String nonce,
                   long issuedAt, int wordingVersion) {

    PortalVisit withWording(int version) {
        return new PortalVisit(vendor, node, clientMac, grantUrl, continueUrl, ssid, gatewayAddress, authDir, hid,
                site, nonce, issuedAt, version);
    }
}
