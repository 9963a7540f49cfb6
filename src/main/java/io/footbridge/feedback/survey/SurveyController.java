package io.footbridge.feedback.survey;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.footbridge.consent.Channel;
import io.footbridge.consent.Purpose;
import io.footbridge.identity.IdentifierType;
import io.footbridge.identity.IdentityGraph;
import io.footbridge.messaging.Messages;
import io.footbridge.platform.Actor;
import io.footbridge.platform.AuditLog;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.Reach;
import io.footbridge.platform.StoreRef;
import io.footbridge.platform.Stores;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.footbridge.platform.Reach.Level.PER_STORE;
import static io.footbridge.platform.Reach.Level.SHARED;
import static io.footbridge.platform.Reach.Level.TENANT_WIDE;

@RestController
@Tag(name = "Feedback", description = "Surveys, their answers, invitations and NPS")
class SurveyController {

    private final Surveys surveys;
    private final SurveyRepository repository;
    private final ResponseRepository responses;
    private final SurveyLinks links;
    private final NpsReport nps;
    private final Stores stores;
    private final IdentityGraph identity;
    private final Messages messages;
    private final AuditLog audit;
    private final TransactionTemplate transaction;
    private final JsonMapper json;

    SurveyController(Surveys surveys, SurveyRepository repository, ResponseRepository responses, SurveyLinks links,
                     NpsReport nps, Stores stores, IdentityGraph identity, Messages messages, AuditLog audit,
                     TransactionTemplate transaction, JsonMapper json) {
        this.surveys = surveys;
        this.repository = repository;
        this.responses = responses;
        this.links = links;
        this.nps = nps;
        this.stores = stores;
        this.identity = identity;
        this.messages = messages;
        this.audit = audit;
        this.transaction = transaction;
        this.json = json;
    }

    record SurveyList(List<Surveys.View> items, int limit, int offset) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ResponseView(UUID id, String store, String source, int score, String group, String comment,
                        JsonNode answers, UUID receiptId, UUID profileId, String contact, String couponCode,
                        UUID caseId, Instant reviewClickedAt, Instant answeredAt, boolean erased) {
    }

    record ResponseList(List<ResponseView> items, int limit, int offset) {
    }

    /**
     * @param purpose marketing by default: asking for feedback by message is advertising in some countries, so it
     *                needs the person's marketing permission; service only where the person asked for it
     */
    record InvitationRequest(UUID profileId, @Size(max = 320) String to, @NotBlank @Size(max = 16) String channel,
                             @Size(max = 32) String store, @Size(max = 16) String purpose,
                             @Size(min = 1, max = 100) String idempotencyKey) {
    }

    record Invited(UUID invitationId, UUID messageId, String status, String url) {
    }

    @PostMapping("/api/v1/surveys")
    @PreAuthorize("hasAuthority('SCOPE_feedback:write')")
    @Operation(summary = "Create a survey: NPS, a comment and up to ten questions, and what follows an answer")
    @Reach(TENANT_WIDE)
    ResponseEntity<Surveys.View> create(@AuthenticationPrincipal Actor actor,
                                        @Valid @RequestBody SurveyRequest request) {
        Surveys.View view = surveys.create(actor, request);
        return ResponseEntity.created(URI.create("/api/v1/surveys/" + view.id())).body(view);
    }

    @GetMapping("/api/v1/surveys")
    @PreAuthorize("hasAuthority('SCOPE_feedback:read')")
    @Operation(summary = "List surveys, newest first; archived ones with ?archived=true")
    @Reach(SHARED)
    SurveyList list(@AuthenticationPrincipal Actor actor, @RequestParam(defaultValue = "false") boolean archived,
                    @RequestParam(defaultValue = "100") @Min(1) @Max(500) int limit,
                    @RequestParam(defaultValue = "0") @Min(0) int offset) {
        return new SurveyList(surveys.list(actor, archived, limit, offset), limit, offset);
    }

    @GetMapping("/api/v1/surveys/{id}")
    @PreAuthorize("hasAuthority('SCOPE_feedback:read')")
    @Operation(summary = "A survey with its open link and how many answered")
    @Reach(SHARED)
    Surveys.View get(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
        return surveys.get(actor, id);
    }

    @PatchMapping("/api/v1/surveys/{id}")
    @PreAuthorize("hasAuthority('SCOPE_feedback:write')")
    @Operation(summary = "Change a survey (a partial body; null clears a field); {\"status\": \"archived\"} closes it")
    @Reach(TENANT_WIDE)
    Surveys.View patch(@AuthenticationPrincipal Actor actor, @PathVariable UUID id, @RequestBody JsonNode body) {
        return surveys.patch(actor, id, body);
    }

    @GetMapping("/api/v1/surveys/{id}/responses")
    @PreAuthorize("hasAuthority('SCOPE_feedback:read')")
    @Operation(summary = "A survey's answers, newest first; group promoter, passive or detractor")
    @Reach(PER_STORE)
    ResponseList responses(@AuthenticationPrincipal Actor actor, @PathVariable UUID id,
                           @RequestParam(required = false) String store, @RequestParam(required = false) Instant from,
                           @RequestParam(required = false) Instant to, @RequestParam(required = false) String group,
                           @RequestParam(defaultValue = "100") @Min(1) @Max(500) int limit,
                           @RequestParam(defaultValue = "0") @Min(0) int offset) {
        surveys.find(actor.tenantId(), id);
        if (group != null && !Set.of("promoter", "passive", "detractor").contains(group)) {
            throw ProblemException.invalid("group", "must be one of: promoter, passive, detractor");
        }
        window(from, to);
        Set<UUID> storeIds = stores.scope(actor, store);
        Map<UUID, String> codes = new HashMap<>();
        List<ResponseView> items = responses.list(actor.tenantId(), id, storeIds, from, to, group, limit, offset)
                .stream().map(r -> new ResponseView(r.id(), r.storeId() == null ? null
                        : codes.computeIfAbsent(r.storeId(), s -> stores.findById(actor.tenantId(), s)
                        .map(StoreRef::code).orElse(null)), r.source(), r.score(), r.group(), r.comment(),
                        r.answers() == null ? null : json.readTree(r.answers()), r.receiptId(), r.profileId(),
                        r.contactAddress(), r.couponCode(), r.caseId(), r.reviewClickedAt(), r.answeredAt(),
                        r.erasedAt() != null))
                .toList();
        return new ResponseList(items, limit, offset);
    }

    @PostMapping("/api/v1/surveys/{id}/invitations")
    @PreAuthorize("hasAuthority('SCOPE_feedback:write')")
    @Operation(summary = "Send a person the survey in a message, with a link they can answer once")
    @Reach(PER_STORE)
    ResponseEntity<Invited> invite(@AuthenticationPrincipal Actor actor, @PathVariable UUID id,
                                   @Valid @RequestBody InvitationRequest request) {
        SurveyRepository.StoredSurvey survey = surveys.find(actor.tenantId(), id);
        if (survey.archived()) {
            throw ProblemException.conflict("survey-archived", "This survey is archived; it cannot be sent.");
        }
        Channel channel = Channel.of(request.channel()).filter(c -> c == Channel.EMAIL || c == Channel.SMS
                        || c == Channel.WHATSAPP)
                .orElseThrow(() -> ProblemException.invalid("channel", "must be one of: email, sms, whatsapp"));
        Purpose purpose = request.purpose() == null ? Purpose.MARKETING : Purpose.of(request.purpose())
                .orElseThrow(() -> ProblemException.invalid("purpose", "must be marketing or service"));
        if (request.profileId() == null && (request.to() == null || request.to().isBlank())) {
            throw ProblemException.invalid("to", "give the person's profileId or an address");
        }
        StoreRef store = request.store() == null ? null : stores.requireByCode(actor.tenantId(), request.store());
        if (store != null) {
            actor.requireStore(store.id());
        } else if (!actor.allStores()) {
            throw ProblemException.invalid("store", "is required for store-bound credentials");
        }
        UUID profileId = request.profileId() == null ? null : identity.find(actor.tenantId(), request.profileId())
                .map(IdentityGraph.ProfileRef::rootId)
                .orElseThrow(() -> ProblemException.invalid("profileId", "is not a profile of this tenant"));
        String address = request.to() != null ? request.to().strip() : latest(actor.tenantId(), profileId, channel);
        UUID invitationId = request.idempotencyKey() == null ? UUID.randomUUID()
                : UUID.nameUUIDFromBytes((actor.tenantId() + "|" + id + "|" + request.idempotencyKey())
                .getBytes(StandardCharsets.UTF_8));
        String url = links.personal(SurveyLinks.INVITATION, survey.code(), invitationId);
        Map<String, Object> variables = new HashMap<>();
        variables.put("surveyUrl", url);
        variables.put("storeName", store == null ? false : store.name());
        Messages.Queued queued = transaction.execute(status -> {
            if (repository.invitation(actor.tenantId(), invitationId).isEmpty()) {
                repository.insertInvitation(invitationId, actor.tenantId(), id, store == null ? null : store.id(),
                        profileId, channel.value(), address, Instant.now().truncatedTo(ChronoUnit.MICROS));
            }
            Messages.Queued sent = messages.send(new Messages.Outgoing(actor.tenantId(), profileId, channel, purpose,
                    request.to(), "survey.invite", null, variables, "survey-invitation:" + invitationId,
                    store == null ? null : store.id(), "survey"));
            repository.invitationSent(invitationId, sent.messageId());
            audit.record(actor, "survey.invited", "survey", id, Map.of("invitationId", invitationId,
                    "channel", channel.value()));
            return sent;
        });
        if (queued.blocked()) {
            throw new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, "message-blocked", "Message blocked",
                    "The consent gate refused the invitation: " + queued.reason(), List.of())
                    .with("reason", queued.reason() == null ? null : queued.reason().split(":")[0])
                    .with("messageId", queued.messageId());
        }
        return ResponseEntity.status(queued.duplicate() ? HttpStatus.OK : HttpStatus.ACCEPTED)
                .body(new Invited(invitationId, queued.messageId(), queued.status(), url));
    }

    @GetMapping("/api/v1/feedback/nps")
    @PreAuthorize("hasAnyAuthority('SCOPE_feedback:read', 'SCOPE_analytics:read')")
    @Operation(summary = "NPS per store and period (day, week, month, quarter, year, all) with its 95% interval")
    @Reach(PER_STORE)
    NpsReport.Figures nps(@AuthenticationPrincipal Actor actor, @RequestParam(required = false) String store,
                          @RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to,
                          @RequestParam(defaultValue = "month") String period,
                          @RequestParam(required = false) UUID survey) {
        NpsReport.Period by = NpsReport.Period.of(period).orElseThrow(() -> ProblemException.invalid("period",
                "must be one of: day, week, month, quarter, year, all"));
        Instant until = to == null ? Instant.now() : to;
        Instant since = from == null ? until.minus(Duration.ofDays(365)) : from;
        window(since, until);
        if (survey != null) {
            surveys.find(actor.tenantId(), survey);
        }
        return nps.of(actor.tenantId(), survey, stores.scope(actor, store), since, until, by);
    }

    /** The person's most recently seen address for the channel, to name them when they answer. */
    private String latest(UUID tenantId, UUID profileId, Channel channel) {
        IdentifierType type = IdentifierType.ofKey(channel.addressType()).orElseThrow();
        return identity.identifiers(tenantId, profileId).stream().filter(i -> i.type() == type && !i.denied())
                .max(Comparator.comparing(IdentityGraph.LinkedIdentifier::lastSeenAt))
                .map(IdentityGraph.LinkedIdentifier::value).orElse(null);
    }

    private static void window(Instant from, Instant to) {
        if (from != null && to != null && !from.isBefore(to)) {
            throw ProblemException.invalid("from", "must be before to");
        }
    }
}
