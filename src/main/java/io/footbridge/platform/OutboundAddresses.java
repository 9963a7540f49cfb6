package io.footbridge.platform;

import java.net.URI;
import java.util.Optional;

/**
 * Where Footbridge may send a call that a tenant's user configured (a webhook of a journey or a segment). Staff who
 * may edit a journey are not necessarily trusted with the server's own network: an address that resolves to this
 * machine, a link-local address (cloud metadata services live there) or, unless the installation allows it, a
 * private network is refused, when the address is saved and again just before each call.
 */
public interface OutboundAddresses {

    /** Why a call to this address is refused, or empty when it may be made. */
    Optional<String> refusal(URI address);
}
