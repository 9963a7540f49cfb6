package io.footbridge.hosted;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Makes links that tell the web tracker who followed them, for modules that send people to the business's web
 * site (a message's link, a receipt's "shop online").
 */
public interface WebLinks {

    /**
     * The URL with a token that identifies the person by these identifiers (email, phone, loyaltyId) when it is on a
     * web site the tenant tracks; empty when it is not, and the URL should be used as it is.
     */
    Optional<String> identifying(UUID tenantId, String url, Map<String, String> identifiers);
}
