package io.footbridge.platform.web;

import io.footbridge.platform.OutboundAddresses;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Refuses the loopback, any-local, link-local and multicast addresses always, and the private networks (10/8,
 * 172.16/12, 192.168/16, fc00::/7, and loopback for development) unless {@code footbridge.outbound.allow-private-networks}
 * is set: a self-hosted installation may well want to call a CRM on its own network, but it must say so.
 */
@Component
class OutboundAddressPolicy implements OutboundAddresses {

    private final boolean allowPrivate;

    OutboundAddressPolicy(@Value("${footbridge.outbound.allow-private-networks:false}") boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    @Override
    public Optional<String> refusal(URI address) {
        String host = address.getHost();
        if (host == null) {
            return Optional.of("names no host");
        }
        InetAddress[] resolved;
        try {
            resolved = InetAddress.getAllByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException | SecurityException e) {
            // a name nobody can resolve reaches nobody; the call fails and is retried, as when the host is down
            return Optional.empty();
        }
        for (InetAddress one : resolved) {
            Optional<String> refused = refusal(one);
            if (refused.isPresent()) {
                return refused;
            }
        }
        return Optional.empty();
    }

    private Optional<String> refusal(InetAddress address) {
        if (address.isLinkLocalAddress() || address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return Optional.of("points to a link-local or reserved address, which Footbridge never calls");
        }
        if (!allowPrivate && (address.isLoopbackAddress() || address.isSiteLocalAddress() || uniqueLocal(address))) {
            return Optional.of("points to this machine or a private network; an administrator may allow that with"
                    + " footbridge.outbound.allow-private-networks=true");
        }
        return Optional.empty();
    }

    /** IPv6 unique local addresses (fc00::/7), which Java does not count as site-local. */
    private static boolean uniqueLocal(InetAddress address) {
        byte[] bytes = address.getAddress();
        return bytes.length == 16 && (bytes[0] & 0xfe) == 0xfc;
    }
}
