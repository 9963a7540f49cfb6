package io.footbridge.consent.ledger;

import io.footbridge.consent.ConsentFigures;
import io.footbridge.consent.PersonConsents;
import io.footbridge.platform.Actor;
import io.footbridge.platform.Tally;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

@Repository
class ConsentReads implements ConsentFigures, PersonConsents {

    private static final String QUARTER = Tally.quarterOf("occurred_at");

    private final JdbcClient jdbc;
    private final ConsentService consents;

    ConsentReads(JdbcClient jdbc, ConsentService consents) {
        this.jdbc = jdbc;
        this.consents = consents;
    }

    @Override
    public List<Tally> marketingGrants(UUID tenantId, Collection<UUID> storeIds, Instant from, Instant to) {
        return jdbc.sql("SELECT store_id, " + QUARTER + " AS quarter, channel, COUNT(*) AS n" + """
                         FROM consent_entry
                        WHERE tenant_id = :tenantId AND occurred_at >= :from AND occurred_at < :to
                          AND purpose = 'marketing' AND status = 'granted'
                          AND (:allStores OR store_id IN (:storeIds))
                        """ + " GROUP BY store_id, " + QUARTER + ", channel")
                .params(Tally.window(tenantId, storeIds, from, to))
                .query((rs, row) -> Tally.of(rs.getObject("store_id", UUID.class), rs.getLong("quarter"),
                        rs.getString("channel"), rs.getLong("n"), 0))
                .list();
    }

    @Override
    public View of(Actor actor, UUID profileId, int limit) {
        ConsentService.ConsentsView view = consents.view(actor, consents.person(actor, profileId), limit);
        return new View(view.profileId(),
                view.current().stream().map(c -> new Standing(c.channel(), c.purpose(), c.status(), c.since(),
                        c.source())).toList(),
                view.history().stream().map(e -> new Line(e.id(), e.channel(), e.purpose(), e.status(),
                        e.occurredAt(), e.source(), e.store(), e.wordingVersion(), e.wording(), e.evidence(),
                        e.subject().type() + ":" + e.subject().value())).toList());
    }
}
