package io.footbridge.identity;

/**
 * Identity has resolved captured events with sequences from {@code firstSequence} to {@code lastSequence} (of any
 * tenant): modules waiting for their people may look now rather than at their next poll. A wake-up signal, not a
 * record: published in the resolver's transaction, once per batch. Listen with a plain {@code @EventListener} and act
 * after commit (a transactional module listener would add an event publication row to every batch); a listener that
 * misses one finds the people at its next poll.
 */
public record EventsResolved(long firstSequence, long lastSequence) {
}
