package io.footbridge.hosted.portal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.List;

/**
 * The in-store Wi-Fi portal.
 *
 * @param session          how long a guest is let online per login
 * @param remember         how long a device that logged in is let on again without the form
 * @param merakiGrantHosts hosts (and their subdomains) a Meraki grant URL may point to; anything else is forged
 * @param formsPerMinute   logins one address or device may send per minute before it is slowed down
 * @param unifi            the UniFi controller that authorises guests, when UniFi access points are used
 */
@ConfigurationProperties("footbridge.wifi")
record WifiProperties(@DefaultValue("1h") Duration session,
                      @DefaultValue("30d") Duration remember,
                      @DefaultValue("network-auth.com") List<String> merakiGrantHosts,
                      @DefaultValue("10") int formsPerMinute,
                      @DefaultValue Unifi unifi) {

    /**
     * @param loginUrl the controller's login ({@code https://unifi.example.com:8443/api/login})
     * @param apiUrl   the controller's API root ({@code https://unifi.example.com:8443/api})
     */
    record Unifi(@DefaultValue("") String loginUrl, @DefaultValue("") String apiUrl,
                 @DefaultValue("") String username, @DefaultValue("") String password) {

        boolean configured() {
            return !loginUrl.isBlank() && !apiUrl.isBlank();
        }
    }
}
