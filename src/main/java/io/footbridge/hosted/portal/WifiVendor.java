package io.footbridge.hosted.portal;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** Access point systems whose external captive portal Footbridge can be. */
enum WifiVendor {
    /** Cisco Meraki click-through splash page: the node MAC identifies the access point. */
    MERAKI,
    /** UniFi external portal server: the AP MAC identifies the access point; the controller authorises guests. */
    UNIFI,
    /** openNDS forwarding authentication (FAS, level 1): the gateway name identifies the gateway. */
    OPENNDS;

    @JsonValue
    String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
