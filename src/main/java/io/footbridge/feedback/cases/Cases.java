package io.footbridge.feedback.cases;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.footbridge.capture.EventRecorder;
import io.footbridge.consent.Channel;
import io.footbridge.consent.Purpose;
import io.footbridge.feedback.CaseStatusChanged;
import io.footbridge.messaging.Messages;
import io.footbridge.platform.Actor;
import io.footbridge.platform.AuditLog;
import io.footbridge.platform.FieldError;
import io.footbridge.platform.HostedPages;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.Staff;
import io.footbridge.platform.StoreRef;
import io.footbridge.platform.Stores;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Complaint cases: opened by a detractor's answer (or by staff), worked by the store's team through the statuses,
 * with internal notes and a history, and a status page for the customer, who is told by message when their case is
 * resolved. Store managers see and work the cases of their stores only.
 */
@Service
public class Cases {

    private static final String REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    private static final Base64.Encoder TOKENS = Base64.getUrlEncoder().withoutPadding();
    static final String ORIGIN = "case";
    static final String TEMPLATE = "case.update";

    /**
     * What a new case is about. The person is named by profile (when known), normalised identifiers (to find their
     * cases again) and the identifiers as given (JSON, for their timeline); the contact is where they are told.
     */
    public record NewCase(UUID tenantId, UUID storeId, UUID surveyId, UUID responseId, UUID receiptId,
                          UUID profileId, String email, String phone, String loyaltyId, String identifiers,
                          String contactChannel, String contactAddress, String subject, String description,
                          Integer score, String source) {
    }

    /** A case just opened: how staff call it and where the customer follows it. */
    public record Opened(UUID id, String reference, String statusUrl) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record View(UUID id, String reference, String store, String status, Owner owner, String subject,
                String description, Integer score, String source, Customer customer, UUID surveyId, UUID responseId,
                UUID receiptId, String customerMessage, String statusUrl, List<String> next, Instant openedAt,
                Instant updatedAt, Instant resolvedAt, Instant closedAt, Instant erasedAt,
                List<CaseRepository.Note> notes, List<CaseRepository.Change> history) {
    }

    record Owner(UUID id, String name) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Customer(UUID profileId, String channel, String address) {
    }

    private final CaseRepository repository;
    private final Stores stores;
    private final Staff staff;
    private final Messages messages;
    private final EventRecorder events;
    private final AuditLog audit;
    private final HostedPages pages;
    private final ApplicationEventPublisher publisher;
    private final JsonMapper json;
    private final TransactionTemplate savepoint;
    private final SecureRandom random = new SecureRandom();

    Cases(CaseRepository repository, Stores stores, Staff staff, Messages messages, EventRecorder events,
          AuditLog audit, HostedPages pages, ApplicationEventPublisher publisher, JsonMapper json,
          PlatformTransactionManager transactions) {
        this.repository = repository;
        this.stores = stores;
        this.staff = staff;
        this.messages = messages;
        this.events = events;
        this.audit = audit;
        this.pages = pages;
        this.publisher = publisher;
        this.json = json;
        // a message messaging refuses is rolled back to here, not the case's change
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    /** Opens a case in the caller's transaction, puts it on the customer's timeline and announces it. */
    public Opened open(NewCase c, String actor) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        for (int attempt = 0; attempt < 10; attempt++) {
            CaseRepository.StoredCase row = new CaseRepository.StoredCase(UUID.randomUUID(), c.tenantId(), reference(), token(),
                    c.storeId(), c.surveyId(), c.responseId(), c.receiptId(), c.profileId(), c.email(), c.phone(),
                    c.loyaltyId(), c.identifiers(), c.contactChannel(), c.contactAddress(), truncate(c.subject(), 200),
                    truncate(c.description(), 2000), c.score(), c.source(), CaseStatus.OPEN, null, null, 0, 1, now,
                    now, null, null, null);
            if (repository.insert(row)) {
                repository.insertChange(row.id(), c.tenantId(), now, actor, "opened", null, CaseStatus.OPEN.value());
                timeline(row, "case-opened:" + row.id(), "case.opened", now, Map.of());
                publisher.publishEvent(new CaseStatusChanged(c.tenantId(), row.id(), c.storeId(),
                        CaseStatus.OPEN.value()));
                return new Opened(row.id(), row.reference(), statusUrl(row.token()));
            }
        }
        throw new IllegalStateException("could not draw a free case reference");
    }

    List<View> list(Actor actor, String storeCode, String status, UUID ownerId, int limit, int offset) {
        if (status != null && CaseStatus.of(status).isEmpty()) {
            throw ProblemException.invalid("status", "must be one of: open, in_progress, waiting_for_customer,"
                    + " resolved, closed");
        }
        Set<UUID> storeIds = stores.scope(actor, storeCode);
        Map<UUID, String> codes = new HashMap<>();
        return repository.list(actor.tenantId(), storeIds, status, ownerId, limit, offset).stream()
                .map(row -> view(row, codes, false)).toList();
    }

    View get(Actor actor, UUID id) {
        return view(visible(actor, id), new HashMap<>(), true);
    }

    /** The store of a case the caller may see (null: none). */
    UUID storeOf(Actor actor, UUID id) {
        return visible(actor, id).storeId();
    }

    /** A case of another tenant, or of a store the caller does not work in, answers like an unknown one. */
    private CaseRepository.StoredCase visible(Actor actor, UUID id) {
        return repository.find(actor.tenantId(), id)
                .filter(row -> row.storeId() == null ? actor.allStores() : actor.canAccessStore(row.storeId()))
                .orElseThrow(() -> ProblemException.notFound("case", id));
    }

    /**
     * Changes the status, the owner and what the customer is told. A transition the status does not allow is a
     * conflict naming the allowed ones; resolving tells the customer, once per resolution.
     */
    @Transactional
    public View change(Actor actor, UUID id, String statusName, boolean ownerGiven, UUID ownerId, boolean messageGiven,
                String customerMessage) {
        CaseRepository.StoredCase row = visible(actor, id);
        if (row.erasedAt() != null && (messageGiven || statusName != null && !statusName.equals("closed"))) {
            throw ProblemException.conflict("erased", "The customer of this case was erased; it can only be closed.");
        }
        CaseStatus status = row.status();
        if (statusName != null) {
            status = CaseStatus.of(statusName).orElseThrow(() -> ProblemException.invalid("status", "must be one of:"
                    + " open, in_progress, waiting_for_customer, resolved, closed"));
            if (status != row.status() && !row.status().next().contains(status)) {
                throw new ProblemException(HttpStatus.CONFLICT, "invalid-case-transition", "Invalid transition",
                        "A case that is " + row.status().value() + " cannot become " + status.value() + "; it can"
                                + " become " + (row.status().next().isEmpty() ? "nothing else"
                                : String.join(", ", row.status().next().stream().map(CaseStatus::value).toList()))
                                + ".", List.of(new FieldError("status", "cannot go from " + row.status().value()
                        + " to " + status.value())))
                        .with("allowed", row.status().next().stream().map(CaseStatus::value).toList());
            }
        }
        UUID owner = row.ownerId();
        if (ownerGiven && ownerId != null && !ownerId.equals(row.ownerId())) {
            Staff.StaffRef candidate = staff.find(actor.tenantId(), ownerId).filter(s -> !s.disabled())
                    .orElseThrow(() -> ProblemException.invalid("owner", "is not an active staff member of this"
                            + " tenant"));
            boolean works = row.storeId() == null ? candidate.allStores() : candidate.canAccessStore(row.storeId());
            if (!works) {
                throw ProblemException.invalid("owner", "does not work in this case's store");
            }
            owner = ownerId;
        } else if (ownerGiven && ownerId == null) {
            owner = null;
        }
        String message = messageGiven ? blankToNull(customerMessage) : row.customerMessage();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        boolean resolving = status == CaseStatus.RESOLVED && row.status() != CaseStatus.RESOLVED;
        int resolutions = row.resolutions() + (resolving ? 1 : 0);
        Instant resolvedAt = status == CaseStatus.RESOLVED || status == CaseStatus.CLOSED
                ? (resolving ? now : row.resolvedAt()) : null;
        Instant closedAt = status == CaseStatus.CLOSED ? (row.closedAt() == null ? now : row.closedAt()) : null;
        if (!repository.update(actor.tenantId(), id, row.version(), status, owner, message, resolutions, resolvedAt,
                closedAt, now)) {
            throw ProblemException.conflict("conflict", "The case changed at the same moment; read it again and"
                    + " retry.");
        }
        String who = actor.label();
        if (status != row.status()) {
            repository.insertChange(id, actor.tenantId(), now, who, "status", row.status().value(), status.value());
            publisher.publishEvent(new CaseStatusChanged(actor.tenantId(), id, row.storeId(), status.value()));
        }
        if (!java.util.Objects.equals(owner, row.ownerId())) {
            repository.insertChange(id, actor.tenantId(), now, who, "owner",
                    row.ownerId() == null ? null : row.ownerId().toString(), owner == null ? null : owner.toString());
        }
        if (messageGiven && !java.util.Objects.equals(message, row.customerMessage())) {
            repository.insertChange(id, actor.tenantId(), now, who, "answer", null, null);
        }
        if (resolving) {
            CaseRepository.StoredCase resolved = repository.find(actor.tenantId(), id).orElseThrow();
            timeline(resolved, "case-resolved:" + id + ":" + resolutions, "case.resolved", now,
                    Map.of("status", CaseStatus.RESOLVED.value()));
            String told = tell(resolved, resolutions);
            repository.insertChange(id, actor.tenantId(), now, "footbridge", "notified", null, told);
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("reference", row.reference());
        details.put("from", row.status().value());
        details.put("to", status.value());
        details.put("owner", owner);
        audit.record(actor, "case.changed", "case", id, details);
        return view(repository.find(actor.tenantId(), id).orElseThrow(), new HashMap<>(), true);
    }

    @Transactional
    CaseRepository.Note note(Actor actor, UUID id, String text) {
        CaseRepository.StoredCase row = visible(actor, id);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        UUID noteId = UUID.randomUUID();
        repository.insertNote(noteId, id, actor.tenantId(), actor.kind() == Actor.Kind.STAFF ? actor.id() : null,
                actor.label(), text.strip(), now);
        repository.touch(actor.tenantId(), row.id(), now);
        return new CaseRepository.Note(noteId, actor.kind() == Actor.Kind.STAFF ? actor.id() : null, actor.label(),
                text.strip(), now);
    }

    /** A case staff open themselves: a complaint at the counter or on the phone. */
    @Transactional
    View create(Actor actor, String storeCode, String subject, String description, String channel, String address,
                UUID profileId, String identifiersJson, String email, String phone) {
        StoreRef store = stores.findByCode(actor.tenantId(), storeCode).filter(s -> !s.archived())
                .orElseThrow(() -> ProblemException.invalid("store", "is not an active store of this tenant"));
        actor.requireStore(store.id());
        Opened opened = open(new NewCase(actor.tenantId(), store.id(), null, null, null, profileId, email, phone,
                null, identifiersJson, channel, address, subject.strip(), blankToNull(description), null, "staff"),
                actor.label());
        audit.record(actor, "case.opened", "case", opened.id(), Map.of("reference", opened.reference(),
                "store", store.code()));
        return view(repository.find(actor.tenantId(), opened.id()).orElseThrow(), new HashMap<>(), true);
    }

    /** A case opened before, as {@link #open} answered it. */
    public Optional<Opened> opened(UUID tenantId, UUID caseId) {
        return repository.find(tenantId, caseId).map(row -> new Opened(row.id(), row.reference(),
                row.token() == null ? null : statusUrl(row.token())));
    }

    Optional<CaseRepository.StoredCase> byToken(String token) {
        return repository.findByToken(token);
    }

    /** Tells the customer their case is resolved; answers what became of the message, for the history. */
    private String tell(CaseRepository.StoredCase row, int resolution) {
        if (row.contactAddress() == null || row.contactChannel() == null) {
            return "no contact";
        }
        Channel channel = Channel.of(row.contactChannel()).orElse(null);
        if (channel == null) {
            return "no contact";
        }
        Map<String, Object> variables = new HashMap<>();
        variables.put("reference", row.reference());
        variables.put("status", row.status().value());
        variables.put("statusUrl", row.token() == null ? "" : statusUrl(row.token()));
        // a section over "" would still show in Mustache: false leaves it out
        variables.put("storeName", row.storeId() == null ? false : stores.findById(row.tenantId(), row.storeId())
                .<Object>map(StoreRef::name).orElse(false));
        variables.put("message", row.customerMessage() == null ? false : row.customerMessage());
        try {
            Messages.Queued queued = savepoint.execute(status -> messages.send(new Messages.Outgoing(row.tenantId(),
                    row.profileId(), channel, Purpose.SERVICE, row.contactAddress(), TEMPLATE, null, variables,
                    "case:" + row.id() + ":resolved:" + resolution, row.storeId(), ORIGIN)));
            return queued.status();
        } catch (ProblemException refused) {
            return "undeliverable";
        }
    }

    private void timeline(CaseRepository.StoredCase row, String eventId, String type, Instant at, Map<String, Object> extra) {
        if (row.identifiers() == null) {
            return; // nobody to put it on: an anonymous answer
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("caseId", row.id().toString());
        if (row.score() != null) {
            properties.put("score", row.score());
        }
        if (row.surveyId() != null) {
            properties.put("surveyId", row.surveyId().toString());
        }
        properties.putAll(extra);
        events.record(row.tenantId(), "feedback", List.of(new EventRecorder.NewEvent(eventId, type, at, row.storeId(),
                null, row.identifiers(), json.writeValueAsString(properties))));
    }

    View view(CaseRepository.StoredCase row, Map<UUID, String> codes, boolean detail) {
        String store = row.storeId() == null ? null : codes.computeIfAbsent(row.storeId(),
                sid -> stores.findById(row.tenantId(), sid).map(StoreRef::code).orElse(null));
        Owner owner = row.ownerId() == null ? null : staff.find(row.tenantId(), row.ownerId())
                .map(s -> new Owner(s.id(), s.label())).orElse(new Owner(row.ownerId(), null));
        Customer customer = row.profileId() == null && row.contactAddress() == null ? null
                : new Customer(row.profileId(), row.contactChannel(), row.contactAddress());
        List<String> next = new ArrayList<>(row.status().next().stream().map(CaseStatus::value).toList());
        return new View(row.id(), row.reference(), store, row.status().value(), owner, row.subject(),
                row.description(), row.score(), row.source(), customer, row.surveyId(), row.responseId(),
                row.receiptId(), row.customerMessage(), row.token() == null ? null : statusUrl(row.token()), next,
                row.openedAt(), row.updatedAt(), row.resolvedAt(), row.closedAt(), row.erasedAt(),
                detail ? repository.notes(row.tenantId(), row.id()) : null,
                detail ? repository.history(row.tenantId(), row.id()) : null);
    }

    String statusUrl(String token) {
        return pages.baseUrl() + "/case/" + token;
    }

    private String reference() {
        StringBuilder code = new StringBuilder("C-");
        for (int i = 0; i < 6; i++) {
            code.append(REFERENCE_ALPHABET.charAt(random.nextInt(REFERENCE_ALPHABET.length())));
        }
        return code.toString();
    }

    /** 128 random bits: the status page's address is its only key. */
    private String token() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return TOKENS.encodeToString(bytes);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
