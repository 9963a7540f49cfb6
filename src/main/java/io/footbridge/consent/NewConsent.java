package io.footbridge.consent;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A permission given or withdrawn, as a module reports it to the ledger.
 *
 * @param profileId       the person, when known
 * @param identifierType  the identifier it was given with (email, phone, loyaltyId, deviceId, anonymousId), when
 *                        no profile is given or it was given for one address
 * @param identifierValue that identifier, normalised
 * @param source          where: pos, wifi, form, import, api, preference_centre, unsubscribe, sms_keyword …
 * @param evidence        the proof: ip and userAgent of a web form, staffId at the till, messageId of a keyword reply
 * @param originKey       makes recording idempotent: the same key is recorded once (null: no such guarantee)
 */
public record NewConsent(UUID tenantId, UUID profileId, String identifierType, String identifierValue,
                         Channel channel, Purpose purpose, boolean granted, Instant occurredAt, String source,
                         UUID storeId, UUID touchpointId, String wordingVersion, Map<String, String> evidence,
                         String originKey) {
}
