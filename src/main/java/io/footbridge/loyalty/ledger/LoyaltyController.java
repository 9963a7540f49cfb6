package io.footbridge.loyalty.ledger;

import io.footbridge.loyalty.LoyaltyMembers;
import io.footbridge.platform.Actor;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.Reach;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.UUID;

import static io.footbridge.platform.Reach.Level.PER_STORE;
import static io.footbridge.platform.Reach.Level.SHARED;
import static io.footbridge.platform.Reach.Level.TENANT_WIDE;

/** The programme, member look-ups for the till, spending points, and staff adjustments. */
@RestController
@RequestMapping("/api/v1/loyalty")
@Tag(name = "Loyalty", description = "Points programme, members, redemptions at the till, adjustments")
class LoyaltyController {

    record MemberList(List<LoyaltyMembers.Member> members) {
    }

    record Ledger(String loyaltyId, List<LoyaltyMembers.Entry> entries, List<LoyaltyMembers.TierChange> tiers) {
    }

    private final ProgrammeStore programmes;
    private final Members members;
    private final Till till;

    LoyaltyController(ProgrammeStore programmes, Members members, Till till) {
        this.programmes = programmes;
        this.members = members;
        this.till = till;
    }

    @PutMapping("/program")
    @PreAuthorize("hasAuthority('SCOPE_offers:write')")
    @Reach(TENANT_WIDE)
    @Operation(summary = "Set the points programme: rates, multipliers, bonuses, cap, return window, expiry, tiers,"
            + " rewards")
    Programme put(@AuthenticationPrincipal Actor actor, @Valid @RequestBody Programme programme) {
        return programmes.save(actor.tenantId(), programme);
    }

    @GetMapping("/program")
    @PreAuthorize("hasAnyAuthority('SCOPE_offers:write', 'SCOPE_pos', 'SCOPE_profiles:read')")
    @Reach(SHARED)
    @Operation(summary = "The points programme")
    Programme get(@AuthenticationPrincipal Actor actor) {
        return programmes.require(actor.tenantId());
    }

    @GetMapping("/members")
    @PreAuthorize("hasAnyAuthority('SCOPE_pos', 'SCOPE_profiles:read')")
    @Reach(SHARED)
    @Operation(summary = "A member by loyalty number, profile id or phone: balances, tier and the rewards they can"
            + " take")
    LoyaltyMembers.Member find(@AuthenticationPrincipal Actor actor,
                               @RequestParam(required = false) String loyaltyId,
                               @RequestParam(required = false) String profileId,
                               @RequestParam(required = false) String phone,
                               @RequestParam(required = false) String country) {
        int given = (loyaltyId == null ? 0 : 1) + (profileId == null ? 0 : 1) + (phone == null ? 0 : 1);
        if (given != 1) {
            throw ProblemException.invalid("loyaltyId", "give exactly one of loyaltyId, profileId, phone");
        }
        if (loyaltyId != null) {
            String number = members.number("loyaltyId", loyaltyId);
            return members.view(actor.tenantId(), members.require(actor, number));
        }
        if (profileId != null) {
            UUID id;
            try {
                id = UUID.fromString(profileId);
            } catch (IllegalArgumentException e) {
                throw ProblemException.invalid("profileId", "is not a UUID");
            }
            return members.findByProfile(actor, id).orElseThrow(() -> ProblemException.notFound("member", id));
        }
        // the phone stays out of the answer: it is the caller's to know, and problem bodies end up in logs
        return members.findByPhone(actor, phone, country).orElseThrow(() -> new ProblemException(
                org.springframework.http.HttpStatus.NOT_FOUND, "not-found", "Not found",
                "No member holds this phone number.", List.of()));
    }

    @GetMapping("/members/list")
    @PreAuthorize("hasAuthority('SCOPE_profiles:read')")
    @Reach(TENANT_WIDE)
    @Operation(summary = "Members, newest first; q filters by the start of the loyalty number")
    MemberList list(@AuthenticationPrincipal Actor actor, @RequestParam(required = false) String q,
                    @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit,
                    @RequestParam(defaultValue = "0") @Min(0) int offset) {
        return new MemberList(members.list(actor, q, offset, limit));
    }

    @PostMapping("/members")
    @PreAuthorize("hasAuthority('SCOPE_pos')")
    @Reach(PER_STORE)
    @Operation(summary = "Join at the till by loyalty number (with phone or e-mail): 201 new, 200 a member already")
    ResponseEntity<LoyaltyMembers.Member> join(@AuthenticationPrincipal Actor actor,
                                               @Valid @RequestBody JoinRequest request) {
        Till.Outcome<LoyaltyMembers.Member> outcome = till.join(actor, request);
        return ResponseEntity.status(outcome.replay() ? 200 : 201).body(outcome.answer());
    }

    @GetMapping("/members/{loyaltyId}/ledger")
    @PreAuthorize("hasAuthority('SCOPE_profiles:read')")
    @Reach(TENANT_WIDE)
    @Operation(summary = "A member's ledger, newest first, and tier history")
    Ledger ledger(@AuthenticationPrincipal Actor actor, @PathVariable String loyaltyId,
                  @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        return new Ledger(members.number("loyaltyId", loyaltyId), members.ledger(actor, loyaltyId, limit),
                members.tierHistory(actor, loyaltyId));
    }

    @GetMapping("/members/{loyaltyId}/referral")
    @PreAuthorize("hasAnyAuthority('SCOPE_pos', 'SCOPE_profiles:read')")
    @Reach(SHARED)
    @Operation(summary = "A member's referral code for friends, who brought them in, and how many joined and bought")
    LoyaltyMembers.Referral referral(@AuthenticationPrincipal Actor actor, @PathVariable String loyaltyId) {
        return members.referral(actor, loyaltyId);
    }

    @PostMapping("/members/{loyaltyId}/adjustments")
    @PreAuthorize("hasAuthority('SCOPE_profiles:write')")
    @Reach(TENANT_WIDE)
    @Operation(summary = "Add or take points with a reason; below zero only for a tenant admin with allowDebt")
    LoyaltyMembers.Member adjust(@AuthenticationPrincipal Actor actor, @PathVariable String loyaltyId,
                                 @Valid @RequestBody AdjustmentRequest request) {
        return members.adjust(actor, loyaltyId, request.points(), request.reason(),
                Boolean.TRUE.equals(request.allowDebt()));
    }

    @PostMapping("/redemptions")
    @PreAuthorize("hasAuthority('SCOPE_pos')")
    @Reach(PER_STORE)
    @Operation(summary = "Spend points on a sale (points, a reward, or an amount of the sale paid with points at the"
            + " programme's rate): 200 with the new balance, 409 when short; a retry of the same transactionId"
            + " answers the first answer")
    ResponseEntity<Till.Spent> redeem(@AuthenticationPrincipal Actor actor,
                                      @Valid @RequestBody RedemptionRequest request) {
        Till.Outcome<Till.Spent> outcome = till.redeem(actor, request);
        return ResponseEntity.ok().header("Idempotent-Replayed", String.valueOf(outcome.replay()))
                .body(outcome.answer());
    }

    @PostMapping("/redemptions/{transactionId}/rollback")
    @PreAuthorize("hasAuthority('SCOPE_pos')")
    @Reach(PER_STORE)
    @Operation(summary = "Give back the points a cancelled sale spent; again gives nothing more")
    Till.Returned rollback(@AuthenticationPrincipal Actor actor, @PathVariable String transactionId) {
        return till.rollback(actor, transactionId);
    }
}
