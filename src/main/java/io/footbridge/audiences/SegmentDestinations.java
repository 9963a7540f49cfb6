package io.footbridge.audiences;

import io.footbridge.platform.Actor;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Webhooks told of each entry into and exit from a segment, and of the erasure of a person they were told of:
 * signed with the destination's secret, retried with back-off, parked when the receiver keeps failing.
 */
public interface SegmentDestinations {

    /** A destination; {@code secret} is given once, when it is made, and null after. */
    record Destination(UUID id, UUID segmentId, String url, String secret, Instant createdAt, long pending,
                       long parked) {
    }

    /** One call: {@code kind} entered, left or erased; {@code status} pending, delivered or parked. */
    record Delivery(UUID id, UUID personId, String kind, Instant at, String status, int attempts, Instant nextAt,
                    String lastError, Instant deliveredAt) {
    }

    Destination create(Actor actor, UUID segmentId, String url);

    List<Destination> list(Actor actor, UUID segmentId);

    /** The newest deliveries, of one status or (null) all. */
    List<Delivery> deliveries(Actor actor, UUID segmentId, UUID destinationId, String status, int limit);

    /** Sends the parked deliveries again from their first try; answers how many. */
    long retryParked(Actor actor, UUID segmentId, UUID destinationId);

    void delete(Actor actor, UUID segmentId, UUID destinationId);
}
