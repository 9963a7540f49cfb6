package io.footbridge.audiences.membership;

import io.footbridge.identity.BuyerFigures;
import io.footbridge.identity.ProfileMerged;
import io.footbridge.identity.ProfileSplit;
import io.footbridge.platform.Timestamps;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The live side of membership: people whose events identity has just resolved are evaluated at once; a pass now and
 * then lets time windows expire; merges and splits move events between people. One node at a time does each step
 * (the {@code segment_clock} row is held while it runs), so an entry is recorded once.
 */
@Component
class LiveMembership {

    /** Pending events per transaction: small enough that the clock, which merges wait for, is held briefly. */
    private static final int BATCH = 500;
    /** About a minute of waiting for the clock, in growing steps. */
    private static final int CLOCK_ATTEMPTS = 40;

    private final JdbcClient jdbc;
    private final SegmentPeople people;
    private final Membership membership;
    private final BuyerFigures identity;
    private final TransactionTemplate transaction;
    private final TransactionTemplate onItsOwn;
    private final SegmentRepository segments;

    LiveMembership(JdbcClient jdbc, SegmentPeople people, Membership membership, BuyerFigures identity,
                   TransactionTemplate transaction, SegmentRepository segments) {
        this.segments = segments;
        this.jdbc = jdbc;
        this.people = people;
        this.membership = membership;
        this.identity = identity;
        this.transaction = transaction;
        this.onItsOwn = new TransactionTemplate(transaction.getTransactionManager());
        this.onItsOwn.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /**
     * Evaluates the people of newly resolved events, going once through everything pending (events identity has
     * not resolved yet stay, and are looked at again next time).
     */
    void resolvePending(Instant now) {
        long after = 0;
        while (after >= 0) {
            long from = after;
            Long next = transaction.execute(status -> {
                hold();
                long last = -1;
                int seen = 0;
                for (SegmentPeople.Pending pending : people.pending(from, BATCH)) {
                    seen += pending.sequences().size();
                    last = Math.max(last, pending.sequences().get(pending.sequences().size() - 1));
                    SegmentPeople.Resolved resolved = people.resolve(pending, now);
                    reevaluate(pending.tenantId(), resolved.people(), now);
                }
                return seen < BATCH ? -1L : last;
            });
            after = next == null ? -1 : next;
        }
    }

    /** Lets windows expire: people whose events left a window since the last pass are evaluated again. */
    void windowsPass(Instant now) {
        transaction.executeWithoutResult(status -> {
            Instant from = hold();
            if (!now.isAfter(from)) {
                return;
            }
            pass(from, now);
            jdbc.sql("UPDATE segment_clock SET passed_at = :now WHERE name = 'windows'")
                    .param("now", Timestamps.of(now)).update();
        });
    }

    /** Evaluates, as of {@code to}, everyone with an event that left a rule's window after {@code from}. */
    void pass(Instant from, Instant to) {
        List<UUID> tenants = jdbc.sql("SELECT DISTINCT tenant_id FROM segment").query(UUID.class).list();
        for (UUID tenantId : tenants) {
            List<Membership.Compiled> compiled = membership.ordered(tenantId);
            Set<UUID> expiring = membership.expiring(tenantId, compiled, from, to);
            membership.evaluate(tenantId, expiring, compiled, to);
        }
    }

    /**
     * People whose computed attributes (RFM, lifetime values) changed are evaluated again, on the segment clock like
     * every other step.
     */
    void recomputed(UUID tenantId, Set<UUID> changed, Instant now) {
        if (changed.isEmpty()) {
            return;
        }
        transaction.executeWithoutResult(status -> {
            hold();
            membership.evaluate(tenantId, changed, membership.ordered(tenantId), now);
        });
    }

    void reevaluate(UUID tenantId, Set<UUID> touched, Instant now) {
        if (touched.isEmpty()) {
            return;
        }
        List<Membership.Compiled> compiled = membership.ordered(tenantId);
        people.refresh(tenantId, touched, membership.consentPairs(compiled), now);
        membership.evaluate(tenantId, touched, compiled, now);
    }

    /** The merged-away person's events are the survivor's now; the merged-away person is in no segment. */
    @ApplicationModuleListener
    void on(ProfileMerged merged) {
        Instant now = Instant.now();
        onTheClock(() -> {
            hold();
            List<UUID> former = jdbc.sql("""
                            SELECT DISTINCT person_id FROM segment_event
                            WHERE tenant_id = :tenantId AND person_id = :from
                            """)
                    .param("tenantId", merged.tenantId()).param("from", merged.fromProfileId())
                    .query(UUID.class).list();
            jdbc.sql("UPDATE segment_event SET person_id = :root WHERE tenant_id = :tenantId AND person_id = :from")
                    .param("root", merged.rootId()).param("tenantId", merged.tenantId())
                    .param("from", merged.fromProfileId()).update();
            forget(merged.tenantId(), merged.fromProfileId());
            Set<UUID> touched = new LinkedHashSet<>(former);
            touched.add(merged.fromProfileId());
            touched.add(merged.rootId());
            ensurePerson(merged.tenantId(), merged.rootId(), now);
            reevaluate(merged.tenantId(), touched, now);
        });
    }

    /** A split gives the events back to whoever identity says holds them now. */
    @ApplicationModuleListener
    void on(ProfileSplit split) {
        Instant now = Instant.now();
        onTheClock(() -> {
            hold();
            List<Long> seqs = jdbc.sql("SELECT seq FROM segment_event WHERE tenant_id = :tenantId AND person_id = :p")
                    .param("tenantId", split.tenantId()).param("p", split.formerRootId()).query(Long.class).list();
            var owners = identity.people(split.tenantId(), seqs);
            Set<UUID> touched = new LinkedHashSet<>(List.of(split.formerRootId(), split.profileId()));
            // one statement per person the events go to, not one per event
            Map<UUID, List<Long>> byPerson = new java.util.LinkedHashMap<>();
            owners.forEach((seq, person) -> byPerson.computeIfAbsent(person, p -> new java.util.ArrayList<>()).add(seq));
            byPerson.forEach((person, theirs) -> {
                give(theirs, person);
                touched.add(person);
            });
            // identity names no one for an event released from a value found shared: it counts for no one now
            give(seqs.stream().filter(seq -> !owners.containsKey(seq)).toList(), null);
            touched.forEach(person -> ensurePerson(split.tenantId(), person, now));
            reevaluate(split.tenantId(), touched, now);
        });
    }

    /** Gives these events to {@code person}, or to no one when null, a thousand to a statement. */
    private void give(List<Long> seqs, UUID person) {
        for (int start = 0; start < seqs.size(); start += 1000) {
            jdbc.sql(person == null ? "UPDATE segment_event SET person_id = NULL WHERE seq IN (:seqs)"
                            : "UPDATE segment_event SET person_id = :person WHERE seq IN (:seqs)")
                    .param("person", person).param("seqs", seqs.subList(start, Math.min(seqs.size(), start + 1000)))
                    .update();
        }
    }

    /**
     * A merge or split must not be lost because the clock was busy: a pass over many people can hold it longer than
     * the database waits for a lock (H2 gives up after a second; PostgreSQL waits), so a refused wait is tried again.
     */
    private void onTheClock(Runnable work) {
        for (int attempt = 1; ; attempt++) {
            try {
                // a transaction of its own: a refused lock marks the one it is in for rollback
                onItsOwn.executeWithoutResult(status -> work.run());
                return;
            } catch (QueryTimeoutException | PessimisticLockingFailureException busy) {
                if (attempt >= CLOCK_ATTEMPTS) {
                    throw busy;
                }
                try {
                    Thread.sleep(Math.min(2_000L, 100L * attempt));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw busy;
                }
            }
        }
    }

    /** Removes what segments keep of a person who is no more (merged away or erased); their exits are recorded. */
    void forget(UUID tenantId, UUID person) {
        jdbc.sql("DELETE FROM segment_person WHERE tenant_id = :tenantId AND person_id = :p")
                .param("tenantId", tenantId).param("p", person).update();
        jdbc.sql("DELETE FROM segment_trait WHERE tenant_id = :tenantId AND person_id = :p")
                .param("tenantId", tenantId).param("p", person).update();
        jdbc.sql("DELETE FROM segment_consent WHERE tenant_id = :tenantId AND person_id = :p")
                .param("tenantId", tenantId).param("p", person).update();
    }

    private void ensurePerson(UUID tenantId, UUID person, Instant now) {
        jdbc.sql("""
                        INSERT INTO segment_person (tenant_id, person_id, seen_at)
                        SELECT :tenantId, :person, :now WHERE NOT EXISTS (SELECT 1 FROM segment_person
                            WHERE tenant_id = :tenantId AND person_id = :person)
                          AND EXISTS (SELECT 1 FROM segment_event WHERE tenant_id = :tenantId AND person_id = :person)
                        """)
                .param("tenantId", tenantId).param("person", person).param("now", Timestamps.of(now)).update();
    }

    private Instant hold() {
        return segments.holdClock();
    }
}
