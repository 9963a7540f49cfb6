package io.footbridge.audiences.campaign;

import io.footbridge.audiences.Campaigns;
import io.footbridge.audiences.Segments;
import io.footbridge.offers.Offers;
import io.footbridge.platform.Actor;
import io.footbridge.platform.AuditLog;
import io.footbridge.platform.BackgroundWork;
import io.footbridge.platform.FieldError;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.Scope;
import io.footbridge.platform.StoreRef;
import io.footbridge.platform.Stores;
import io.footbridge.platform.Timestamps;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * One-off sends to a segment. Sending draws the audience once (each member held out at random with the campaign's
 * share, recorded) and hands the rest to {@link CampaignDelivery}. A campaign with a time is started then by the
 * background scheduler, which keeps the time in the database (a restart loses nothing). Every step is keyed by
 * campaign and person, so a send that stopped half-way (a node died) is finished by the background task or by
 * sending again: no one gets a second message, no one is lost.
 */
@Service
class CampaignService implements Campaigns {

    private static final int PAGE = 500;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<Scope> SCHEDULED_SCOPES = Set.of(Scope.SEGMENTS_READ, Scope.SEGMENTS_WRITE,
            Scope.MESSAGES_WRITE);

    private final JdbcClient jdbc;
    private final Segments segments;
    private final Offers offers;
    private final CampaignTemplateCheck templates;
    private final CampaignDelivery delivery;
    private final CampaignResults results;
    private final AuditLog audit;
    private final TransactionTemplate transaction;
    private final BackgroundWork.OneOff<String> startAt;
    private final Stores stores;

    CampaignService(JdbcClient jdbc, Segments segments, Offers offers, CampaignTemplateCheck templates,
                    CampaignDelivery delivery, CampaignResults results, AuditLog audit,
                    TransactionTemplate transaction, BackgroundWork background, Stores stores) {
        this.jdbc = jdbc;
        this.stores = stores;
        this.segments = segments;
        this.offers = offers;
        this.templates = templates;
        this.delivery = delivery;
        this.results = results;
        this.audit = audit;
        this.transaction = transaction;
        this.startAt = background.oneOff("campaign-start", String.class, 5, this::startScheduled);
    }

    @Override
    public Campaign create(Actor actor, Draft draft) {
        List<FieldError> errors = new ArrayList<>();
        if (draft.name() == null || draft.name().isBlank() || draft.name().length() > 200) {
            errors.add(new FieldError("name", "is required, at most 200 characters"));
        }
        try {
            segments.get(actor, draft.segmentId());
        } catch (ProblemException e) {
            errors.add(new FieldError("segmentId", "is not a segment of this tenant"));
        }
        List<String> channels = new ArrayList<>();
        if (!CHANNELS.contains(draft.channel())) {
            errors.add(new FieldError("channel", "must be email, sms, whatsapp or push"));
        } else {
            channels.add(draft.channel());
        }
        List<String> fallback = draft.fallback() == null ? List.of() : draft.fallback();
        for (String channel : fallback) {
            if (!CHANNELS.contains(channel) || channels.contains(channel)) {
                errors.add(new FieldError("fallback", "must list other channels than the first, each once: email,"
                        + " sms, whatsapp or push"));
                break;
            }
            channels.add(channel);
        }
        boolean templateKey = draft.template() != null && draft.template().matches("[a-z0-9][a-z0-9._-]{0,63}");
        if (!templateKey) {
            errors.add(new FieldError("template", "must be a template key such as winback"));
        }
        if (draft.offerId() != null && offers.find(actor.tenantId(), draft.offerId()).isEmpty()) {
            errors.add(new FieldError("offerId", "is not an offer of this tenant"));
        }
        if (draft.holdoutPercent() < 0 || draft.holdoutPercent() > 50) {
            errors.add(new FieldError("holdoutPercent", "must be 0 to 50"));
        }
        if (draft.throttlePerMinute() != null && (draft.throttlePerMinute() < 1
                || draft.throttlePerMinute() > 1_000_000)) {
            errors.add(new FieldError("throttlePerMinute", "must be 1 to 1000000 messages a minute, or left out"));
        }
        Map<String, StoreRef> named = named(actor, draft.stores(), errors);
        Instant sendAt = draft.sendAt();
        if (sendAt != null && sendAt.isBefore(Instant.now())) {
            // a time gone by would leave a draft that nothing ever sends
            errors.add(new FieldError("sendAt", "has passed; give a time still ahead, or none and send by hand"));
        }
        String zone = draft.sendAtZone() == null ? "store" : draft.sendAtZone();
        if (!SEND_AT_ZONES.contains(zone)) {
            errors.add(new FieldError("sendAt.zone", "must be store or person"));
        } else if (draft.sendAtZone() != null && draft.sendAtLocal() == null) {
            errors.add(new FieldError("sendAt.zone", "goes with a local time (sendAt.local)"));
        }
        // to the second: what is kept is that time, and a fraction of a second means nothing to a send
        LocalDateTime sendAtLocal = draft.sendAtLocal() == null ? null
                : draft.sendAtLocal().truncatedTo(ChronoUnit.SECONDS);
        if (sendAtLocal != null) {
            if (draft.sendAt() != null) {
                errors.add(new FieldError("sendAt.local", "is either one instant or a local time, not both"));
            } else if (errors.stream().noneMatch(e -> e.field().equals("stores"))) {
                sendAt = earliest(actor, sendAtLocal, named, errors);
                if (sendAt != null && zone.equals("person")) {
                    sendAt = personZonesFirst(draft.segmentId(), named.keySet(), sendAtLocal, sendAt);
                }
            }
        }
        if (sendAt != null && sendAt.isAfter(Instant.now().plusSeconds(400L * 24 * 3600))) {
            errors.add(new FieldError(draft.sendAtLocal() != null ? "sendAt.local" : "sendAt",
                    "must be within 400 days"));
        }
        if (errors.isEmpty() && templateKey) {
            errors.addAll(templates.check(actor, draft.template(), channels, draft.offerId() != null));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        UUID id = UUID.randomUUID();
        Instant start = sendAt;
        boolean later = start != null && start.isAfter(Instant.now());
        transaction.executeWithoutResult(status -> {
            jdbc.sql("""
                            INSERT INTO campaign (id, tenant_id, name, segment_id, channel, fallback, template,
                                offer_id, holdout_percent, throttle_per_minute, send_at, status, created_at, stores,
                                send_at_local, send_at_zone)
                            VALUES (:id, :tenantId, :name, :segmentId, :channel, :fallback, :template, :offerId,
                                :holdout, :throttle, :sendAt, :status, :now, :stores, :sendAtLocal, :sendAtZone)
                            """)
                    .param("id", id).param("tenantId", actor.tenantId()).param("name", draft.name().strip())
                    .param("segmentId", draft.segmentId()).param("channel", draft.channel())
                    .param("fallback", fallback.isEmpty() ? null : String.join(",", fallback))
                    .param("template", draft.template()).param("offerId", draft.offerId())
                    .param("holdout", draft.holdoutPercent()).param("throttle", draft.throttlePerMinute())
                    .param("sendAt", Timestamps.of(start)).param("status", later ? "scheduled" : "draft")
                    .param("now", Timestamps.now())
                    .param("stores", named.isEmpty() ? null : String.join(",", named.keySet()))
                    .param("sendAtLocal", sendAtLocal == null ? null : sendAtLocal.toString())
                    .param("sendAtZone", sendAtLocal == null ? null : zone)
                    .update();
            if (later) {
                startAt.schedule(id.toString(), start, actor.tenantId() + "/" + id);
            }
        });
        audit.record(actor, "campaign.created", "campaign", id, Map.of("name", draft.name()));
        return get(actor, id);
    }

    /** The stores a draft names, by code, each the tenant's (else a problem at {@code stores}). */
    private Map<String, StoreRef> named(Actor actor, List<String> codes, List<FieldError> errors) {
        Map<String, StoreRef> named = new LinkedHashMap<>();
        if (codes == null) {
            return named;
        }
        if (codes.size() > 50) {
            errors.add(new FieldError("stores", "must name at most 50 stores"));
            return named;
        }
        for (String code : codes) {
            Optional<StoreRef> store = code == null ? Optional.empty() : stores.findByCode(actor.tenantId(), code);
            if (store.isEmpty() || store.get().archived()) {
                errors.add(new FieldError("stores", "has " + (code == null ? "null" : "'" + code + "'")
                        + ", which is not a store of this tenant"));
                return named;
            }
            named.put(store.get().code(), store.get());
        }
        return named;
    }

    /**
     * The first instant the local time comes in the zones of the named stores (all the tenant's when none are
     * named; UTC when it has none): then the audience is drawn. A time the clocks skip in one of them is refused.
     */
    private Instant earliest(Actor actor, LocalDateTime local, Map<String, StoreRef> named,
                             List<FieldError> errors) {
        Set<ZoneId> zones = new LinkedHashSet<>();
        (named.isEmpty() ? stores.workingIn(actor, 1000) : named.values())
                .forEach(store -> zones.add(store.timeZone()));
        if (zones.isEmpty()) {
            zones.add(ZoneOffset.UTC);
        }
        Instant earliest = null;
        Instant latest = null;
        for (ZoneId zone : zones) {
            if (LocalSendTime.skipped(local, zone)) {
                errors.add(new FieldError("sendAt.local", local + " does not exist in " + zone.getId()
                        + " (the clocks skip it that night)"));
                return null;
            }
            Instant at = LocalSendTime.in(local, zone);
            earliest = earliest == null || at.isBefore(earliest) ? at : earliest;
            latest = latest == null || at.isAfter(latest) ? at : latest;
        }
        if (latest.isBefore(Instant.now())) {
            errors.add(new FieldError("sendAt.local", "has passed in every store's zone"));
        } else if (earliest.isBefore(Instant.now())) {
            // half the audience would get it at once, at the wrong hour of their day, or a draft would wait for nobody
            errors.add(new FieldError("sendAt.local", "has passed already in " + zones.stream()
                    .filter(zone -> LocalSendTime.in(local, zone).isBefore(Instant.now())).map(ZoneId::getId)
                    .findFirst().orElse("a store's zone") + "; choose a time still ahead in every store's zone"));
        }
        return earliest;
    }

    /**
     * With the local time read on each person's own clock the audience is drawn when the first of the zones that
     * the segment's members give (a trait, as their events tell it) reaches it, if that is before the stores' first
     * and still ahead; a zone already past it leaves its people to their store's clock, and so does a zone of
     * someone who joins the segment later and whose clock would have shown the time before the draw. With stores
     * named only the members whose store is one of them count, as only they are drawn.
     */
    private Instant personZonesFirst(UUID segmentId, Set<String> stores, LocalDateTime local, Instant storesFirst) {
        Instant first = storesFirst;
        for (String id : jdbc.sql("""
                        SELECT DISTINCT t.trait_value FROM segment_member m
                        JOIN segment_trait t ON t.tenant_id = m.tenant_id AND t.person_id = m.person_id
                            AND t.name = 'timeZone'
                        WHERE m.segment_id = :segmentId AND (CAST(:anyStore AS BOOLEAN) OR EXISTS (
                            SELECT 1 FROM segment_trait s WHERE s.tenant_id = m.tenant_id
                                AND s.person_id = m.person_id AND s.name = 'preferredStore'
                                AND s.trait_value IN (:stores)))
                        """)
                .param("segmentId", segmentId).param("anyStore", stores.isEmpty())
                // an empty IN list is not SQL: a code no store has stands in when none is named
                .param("stores", stores.isEmpty() ? List.of("") : List.copyOf(stores))
                .query(String.class).list()) {
            Optional<ZoneId> zone = zone(id);
            if (zone.isPresent()) {
                Instant at = LocalSendTime.in(local, zone.get());
                if (at.isAfter(Instant.now()) && at.isBefore(first)) {
                    first = at;
                }
            }
        }
        return first;
    }

    /** A profile's zone as a trait gives it; nothing for an id Java does not know. */
    static Optional<ZoneId> zone(String id) {
        if (id == null || id.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ZoneId.of(id.strip()));
        } catch (java.time.DateTimeException e) {
            return Optional.empty();
        }
    }

    /** The scheduler's turn for a campaign with a time; one cancelled (or sent by hand) meanwhile stays as it is. */
    void startScheduled(String tenantAndId) {
        String[] parts = tenantAndId.split("/");
        UUID tenantId = UUID.fromString(parts[0]);
        UUID id = UUID.fromString(parts[1]);
        Actor system = Actor.system(tenantId, "campaign " + id, SCHEDULED_SCOPES);
        if (find(tenantId, id).filter(c -> c.status().equals("scheduled")).isPresent()) {
            // the scheduler keeps the time: when it runs the task, the time has come
            send(system, id, false);
        }
    }

    @Override
    public Campaign get(Actor actor, UUID id) {
        return find(actor.tenantId(), id).orElseThrow(() -> ProblemException.notFound("campaign", id));
    }

    @Override
    public List<Campaign> list(Actor actor) {
        return jdbc.sql("SELECT * FROM campaign WHERE tenant_id = :tenantId ORDER BY created_at DESC LIMIT 200")
                .param("tenantId", actor.tenantId()).query((rs, row) -> campaign(rs)).list();
    }

    @Override
    public List<UUID> recipients(Actor actor, UUID id, boolean holdout, UUID after, int limit) {
        get(actor, id);
        return jdbc.sql("""
                        SELECT person_id FROM campaign_recipient
                        WHERE campaign_id = :id AND holdout = :holdout AND (CAST(:after AS UUID) IS NULL
                            OR person_id > :after)
                        ORDER BY person_id LIMIT :limit
                        """)
                .param("id", id).param("holdout", holdout).param("after", after)
                .param("limit", Math.max(1, Math.min(limit, 10_000))).query(UUID.class).list();
    }

    @Override
    public List<Recipient> of(Actor actor, UUID personId, int limit) {
        return jdbc.sql("""
                        SELECT r.campaign_id, c.name, r.holdout, r.status, r.channel, r.reason, r.drawn_at
                        FROM campaign_recipient r JOIN campaign c ON c.id = r.campaign_id
                        WHERE r.tenant_id = :tenantId AND r.person_id = :person
                        ORDER BY r.drawn_at DESC LIMIT :limit
                        """)
                .param("tenantId", actor.tenantId()).param("person", personId).param("limit", limit)
                .query((rs, row) -> new Recipient(rs.getObject("campaign_id", UUID.class), rs.getString("name"),
                        rs.getBoolean("holdout"), rs.getString("status"), rs.getString("channel"),
                        rs.getString("reason"), Timestamps.instant(rs, "drawn_at")))
                .list();
    }

    @Override
    public Sent send(Actor actor, UUID id) {
        return send(actor, id, true);
    }

    private Sent send(Actor actor, UUID id, boolean byHand) {
        Campaign campaign = get(actor, id);
        switch (campaign.status()) {
            case "cancelled" -> throw ProblemException.conflict("campaign-cancelled", "The campaign was cancelled.");
            case "paused" -> throw ProblemException.conflict("campaign-paused",
                    "The campaign is paused; resume it to carry on.");
            case "sent" -> {
                return counts(id);
            }
            default -> {
            }
        }
        if (byHand && campaign.sendAt() != null && campaign.sendAt().isAfter(Instant.now())) {
            throw ProblemException.conflict("campaign-scheduled", "The campaign is to be sent at "
                    + campaign.sendAt() + "; it cannot be sent before.");
        }
        jdbc.sql("""
                        UPDATE campaign SET status = 'sending', sent_at = COALESCE(sent_at, :now)
                        WHERE id = :id AND status IN ('draft', 'scheduled')
                        """)
                .param("now", Timestamps.now()).param("id", id).update();
        draw(actor, campaign);
        jdbc.sql("UPDATE campaign SET drawn_at = COALESCE(drawn_at, :now) WHERE id = :id")
                .param("now", Timestamps.now()).param("id", id).update();
        audit.record(actor, "campaign.sent", "campaign", id, Map.of());
        if (campaign.throttlePerMinute() == null) {
            delivery.deliver(id);
        } else {
            delivery.wake();
        }
        return counts(id);
    }

    @Override
    public Sent send(Actor actor, UUID id, Instant at) {
        Sent sent = send(actor, id);
        jdbc.sql("UPDATE campaign SET sent_at = :at WHERE id = :id AND tenant_id = :tenantId")
                .param("at", Timestamps.of(at)).param("id", id).param("tenantId", actor.tenantId()).update();
        return sent;
    }

    /**
     * Everyone in the segment now who was not drawn before (of the campaign's stores, when it names some): held out
     * at random, else pending delivery, at the campaign's local time in their own zone (when the campaign reads it
     * on the person's clock and the profile gives one) or their store's zone when it has one.
     */
    private void draw(Actor actor, Campaign campaign) {
        UUID after = null;
        Map<String, Optional<ZoneId>> zones = new HashMap<>();
        boolean byStore = !campaign.stores().isEmpty() || campaign.sendAtLocal() != null;
        boolean byPerson = campaign.sendAtLocal() != null && "person".equals(campaign.sendAtZone());
        while (true) {
            List<UUID> page = segments.members(actor, campaign.segmentId(), after, PAGE);
            Map<UUID, String> preferred = byStore ? traits(actor.tenantId(), "preferredStore", page) : Map.of();
            Map<UUID, String> own = byPerson ? traits(actor.tenantId(), "timeZone", page) : Map.of();
            Map<UUID, Instant> due = new LinkedHashMap<>();
            for (UUID person : page) {
                String store = preferred.get(person);
                if (!campaign.stores().isEmpty() && (store == null || !campaign.stores().contains(store))) {
                    continue;
                }
                Instant at = null;
                if (campaign.sendAtLocal() != null) {
                    // no known store (or one since removed): at the first of the campaign's instants
                    at = store == null ? campaign.sendAt() : zones.computeIfAbsent(store, code -> stores
                                    .findByCode(actor.tenantId(), code).map(StoreRef::timeZone))
                            .map(zone -> LocalSendTime.in(campaign.sendAtLocal(), zone)).orElse(campaign.sendAt());
                    Optional<Instant> theirs = zone(own.get(person))
                            .map(zone -> LocalSendTime.in(campaign.sendAtLocal(), zone));
                    // their own clock unless it showed the time before the audience was drawn: then their store's
                    if (theirs.isPresent() && !theirs.get().isBefore(campaign.sendAt())) {
                        at = theirs.get();
                    }
                }
                due.put(person, at);
            }
            try {
                transaction.executeWithoutResult(status -> due.forEach((person, at) -> drawOne(actor, campaign,
                        person, at)));
            } catch (DuplicateKeyException e) {
                // a second send drawing at the same moment: the rows it wrote stand, so the page is drawn again
                transaction.executeWithoutResult(status -> due.forEach((person, at) -> drawOne(actor, campaign,
                        person, at)));
            }
            if (page.size() < PAGE) {
                return;
            }
            after = page.get(page.size() - 1);
        }
    }

    /**
     * One trait of each person, as segments know it: their preferred store (where they were seen most, by code) or
     * their own time zone.
     */
    private Map<UUID, String> traits(UUID tenantId, String name, List<UUID> people) {
        if (people.isEmpty()) {
            return Map.of();
        }
        Map<UUID, String> preferred = new HashMap<>();
        jdbc.sql("""
                        SELECT person_id, trait_value FROM segment_trait
                        WHERE tenant_id = :tenantId AND name = :name AND person_id IN (:people)
                        """)
                .param("tenantId", tenantId).param("name", name).param("people", people)
                .query((rs, row) -> preferred.put(rs.getObject("person_id", UUID.class), rs.getString("trait_value")))
                .list();
        return preferred;
    }

    private void drawOne(Actor actor, Campaign campaign, UUID person, Instant due) {
        boolean holdout = RANDOM.nextInt(100) < campaign.holdoutPercent();
        jdbc.sql("""
                        INSERT INTO campaign_recipient (campaign_id, tenant_id, person_id, holdout, status, drawn_at,
                            due_at)
                        SELECT :c, :tenantId, :p, :holdout, :status, :now, :due
                        WHERE NOT EXISTS (SELECT 1 FROM campaign_recipient WHERE campaign_id = :c AND person_id = :p)
                        """)
                .param("c", campaign.id()).param("tenantId", actor.tenantId()).param("p", person)
                .param("holdout", holdout).param("status", holdout ? "held_out" : "pending")
                .param("now", Timestamps.now()).param("due", Timestamps.of(due)).update();
    }

    @Override
    public Campaign pause(Actor actor, UUID id) {
        return move(actor, id, Set.of("sending"), "paused", "campaign.paused");
    }

    @Override
    public Campaign resume(Actor actor, UUID id) {
        Campaign resumed = move(actor, id, Set.of("paused"), "sending", "campaign.resumed");
        delivery.wake();
        return resumed;
    }

    @Override
    public Campaign cancel(Actor actor, UUID id) {
        Campaign cancelled = transaction.execute(status -> {
            Campaign moved = move(actor, id, Set.of("draft", "scheduled", "sending", "paused"), "cancelled",
                    "campaign.cancelled");
            jdbc.sql("UPDATE campaign_recipient SET status = 'cancelled' WHERE campaign_id = :id"
                    + " AND status = 'pending'").param("id", id).update();
            return moved;
        });
        return cancelled;
    }

    private Campaign move(Actor actor, UUID id, Set<String> from, String to, String action) {
        Campaign campaign = get(actor, id);
        int moved = jdbc.sql("UPDATE campaign SET status = :to WHERE id = :id AND tenant_id = :tenantId"
                        + " AND status IN (:from)")
                .param("to", to).param("id", id).param("tenantId", actor.tenantId()).param("from", from).update();
        if (moved == 0) {
            throw ProblemException.conflict("campaign-" + campaign.status(), "The campaign is " + campaign.status()
                    + "; it cannot be " + to + " now.");
        }
        audit.record(actor, action, "campaign", id, Map.of());
        return get(actor, id);
    }

    @Override
    public Results results(Actor actor, UUID id, int days, String currency) {
        return results.of(get(actor, id), actor.tenantId(), days, currency);
    }

    private Sent counts(UUID id) {
        Map<String, Long> counts = results.statusCounts(id);
        long recipients = counts.values().stream().mapToLong(Long::longValue).sum();
        long heldOut = counts.getOrDefault("held_out", 0L);
        long blocked = counts.getOrDefault("blocked", 0L);
        long pending = counts.getOrDefault("pending", 0L);
        long cancelled = counts.getOrDefault("cancelled", 0L);
        return new Sent(id, recipients, heldOut, recipients - heldOut - blocked - pending - cancelled, blocked,
                pending);
    }

    private Optional<Campaign> find(UUID tenantId, UUID id) {
        return jdbc.sql("SELECT * FROM campaign WHERE tenant_id = :tenantId AND id = :id")
                .param("tenantId", tenantId).param("id", id).query((rs, row) -> campaign(rs)).optional();
    }

    private static Campaign campaign(java.sql.ResultSet rs) throws java.sql.SQLException {
        String fallback = rs.getString("fallback");
        int throttle = rs.getInt("throttle_per_minute");
        Integer throttlePerMinute = rs.wasNull() ? null : throttle;
        String storeCodes = rs.getString("stores");
        String local = rs.getString("send_at_local");
        return new Campaign(rs.getObject("id", UUID.class), rs.getString("name"),
                rs.getObject("segment_id", UUID.class), rs.getString("channel"),
                fallback == null ? List.of() : List.copyOf(new LinkedHashSet<>(Arrays.asList(fallback.split(",")))),
                rs.getString("template"), rs.getObject("offer_id", UUID.class), rs.getInt("holdout_percent"),
                throttlePerMinute, Timestamps.instant(rs, "send_at"), rs.getString("status"),
                Timestamps.instant(rs, "created_at"), Timestamps.instant(rs, "sent_at"),
                storeCodes == null ? List.of() : List.of(storeCodes.split(",")),
                local == null ? null : LocalDateTime.parse(local), rs.getString("send_at_zone"));
    }
}
