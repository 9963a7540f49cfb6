package io.footbridge.consent;

import io.footbridge.platform.Actor;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A person's rights over their data: everything held about them, from every module, or all of it erased. */
public interface DataRights {

    record Export(UUID profileId, Instant generatedAt, Map<String, Object> data) {
    }

    record Erased(UUID profileId, Instant erasedAt, int profiles, int identifiers, int events) {
    }

    /** Everything held about the person, by module; audited. */
    Export export(Actor actor, UUID profileId);

    /** Erases the person everywhere; needs tenant-wide credentials; audited without anything that identifies them. */
    Erased erase(Actor actor, UUID profileId);
}
