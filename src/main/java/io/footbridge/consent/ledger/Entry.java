package io.footbridge.consent.ledger;

import io.footbridge.consent.Channel;
import io.footbridge.consent.Purpose;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One line of the ledger. {@code subject} is what it was given for ({@code profile:<id>}, {@code email:…});
 * {@code wording} is the text of the wording version when the tenant registered it.
 */
public record Entry(long id, String subject, Channel channel, Purpose purpose, String status, Instant occurredAt,
                    Instant recordedAt, String source, UUID storeId, UUID touchpointId, String wordingVersion,
                    String wording, Map<String, String> evidence) {

    public static final String GRANTED = "granted";
    public static final String WITHDRAWN = "withdrawn";
    public static final String PENDING = "pending";
}
