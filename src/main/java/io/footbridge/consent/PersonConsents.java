package io.footbridge.consent;

import io.footbridge.platform.Actor;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What a person allowed, as it stands and line by line with its proof, for staff looking at the customer. */
public interface PersonConsents {

    /** A channel and purpose as it stands: {@code granted}, {@code withdrawn}, {@code pending} or {@code none}. */
    record Standing(Channel channel, Purpose purpose, String status, Instant since, String source) {
    }

    /**
     * One ledger line with its proof: where it was given ({@code store} code, {@code source}), the wording agreed to,
     * the evidence kept (such as the device or the confirmation), and what it was given for ({@code subject}).
     */
    record Line(long id, Channel channel, Purpose purpose, String status, Instant occurredAt, String source,
                String store, String wordingVersion, String wording, Map<String, String> evidence, String subject) {
    }

    record View(UUID profileId, List<Standing> standing, List<Line> lines) {
    }

    /** The person's permissions and their newest ledger lines, at most {@code limit}. */
    View of(Actor actor, UUID profileId, int limit);
}
