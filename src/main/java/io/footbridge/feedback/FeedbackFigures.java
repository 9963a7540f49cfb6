package io.footbridge.feedback;

import io.footbridge.platform.Tally;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** Survey answers and complaint cases counted for figures such as the console's home page; see {@link Nps}. */
public interface FeedbackFigures {

    /** Answers given in [from, to) in these stores (null: every store), keyed promoter, passive or detractor. */
    List<Tally> answers(UUID tenantId, Collection<UUID> storeIds, Instant from, Instant to);

    /** Cases opened in [from, to) in these stores (null: every store): key {@code open} while still worked on, else {@code done}. */
    List<Tally> cases(UUID tenantId, Collection<UUID> storeIds, Instant from, Instant to);
}
