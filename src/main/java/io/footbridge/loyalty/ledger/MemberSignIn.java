package io.footbridge.loyalty.ledger;

import io.footbridge.consent.Channel;
import io.footbridge.consent.Purpose;
import io.footbridge.identity.IdentifierNormaliser;
import io.footbridge.identity.IdentifierType;
import io.footbridge.identity.IdentityGraph;
import io.footbridge.identity.Normalised;
import io.footbridge.messaging.Messages;
import io.footbridge.platform.Actor;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.RateLimits;
import io.footbridge.platform.Signatures;
import io.footbridge.platform.StoreRef;
import io.footbridge.platform.Stores;
import io.footbridge.platform.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Signing in to the member page with a one-time code sent to the member's phone or e-mail. Whoever asks is answered
 * alike whether the address is a member's or not, so the form cannot be used to learn who is in the club; codes are
 * kept only as keyed digests, die after a few wrong guesses and a few minutes, and both asking and guessing are
 * budgeted per address and per network address across the cluster.
 */
@Service
class MemberSignIn {

    static final String TEMPLATE = "loyalty.code";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Asking for a code: the code's id for the form, or why not (a field problem, or how long to wait). */
    record Asked(UUID challengeId, String problem, Duration retryAfter) {
    }

    /** Typing it in: the member signed in, or how many tries are left (0: ask for a new code), or a wait. */
    record Checked(UUID memberId, int attemptsLeft, Duration retryAfter) {
    }

    private final JdbcClient jdbc;
    private final LoyaltyRepository repository;
    private final IdentityGraph identity;
    private final IdentifierNormaliser normaliser;
    private final Stores stores;
    private final Messages messages;
    private final Signatures signatures;
    private final TransactionTemplate transaction;
    private final MemberPageProperties properties;
    private final RateLimits.Limit perContact;
    private final RateLimits.Limit perAddress;
    private final RateLimits.Limit guesses;

    MemberSignIn(JdbcClient jdbc, LoyaltyRepository repository, IdentityGraph identity,
                 IdentifierNormaliser normaliser, Stores stores, Messages messages, Signatures signatures,
                 TransactionTemplate transaction, MemberPageProperties properties, RateLimits limits) {
        this.jdbc = jdbc;
        this.repository = repository;
        this.identity = identity;
        this.normaliser = normaliser;
        this.stores = stores;
        this.messages = messages;
        this.signatures = signatures;
        this.transaction = transaction;
        this.properties = properties;
        this.perContact = limits.limit("loyalty-code-contact", properties.codesPerContact(), properties.codePeriod());
        this.perAddress = limits.limit("loyalty-code-address", properties.codesPerAddress(), properties.codePeriod());
        this.guesses = limits.limit("loyalty-code-guess", properties.guessesPerAddress(), properties.codePeriod());
    }

    /** Sends a code to {@code contact} (an e-mail address or a phone number) when it is a member's. */
    Asked ask(UUID tenantId, String contact, String language, String clientAddress, Instant now) {
        if (contact == null || contact.isBlank() || contact.length() > 254) {
            return new Asked(null, "required", null);
        }
        boolean email = contact.contains("@");
        Normalised value = normaliser.normalise(email ? IdentifierType.EMAIL : IdentifierType.PHONE, contact.strip(),
                email ? null : country(tenantId));
        if (!value.usable()) {
            return new Asked(null, "invalid", null);
        }
        RateLimits.Decision byAddress = perAddress.tryConsume(tenantId + "|" + clientAddress);
        if (!byAddress.allowed()) {
            return new Asked(null, null, byAddress.retryAfter());
        }
        RateLimits.Decision byContact = perContact.tryConsume(tenantId + "|" + value.value());
        if (!byContact.allowed()) {
            return new Asked(null, null, byContact.retryAfter());
        }
        Optional<UUID> root = identity.findByIdentifier(tenantId, email ? IdentifierType.EMAIL : IdentifierType.PHONE,
                        value.value())
                .flatMap(id -> identity.find(tenantId, id)).map(IdentityGraph.ProfileRef::rootId);
        Optional<LoyaltyRepository.Member> member = root.flatMap(r -> memberOf(tenantId, r));
        UUID id = UUID.randomUUID();
        String code = String.format("%06d", RANDOM.nextInt(1_000_000));
        jdbc.sql("""
                        INSERT INTO loyalty_sign_in (id, tenant_id, member_id, code_digest, attempts, expires_at,
                                                     created_at)
                        VALUES (:id, :t, :m, :d, 0, :exp, :now)
                        """).param("id", id).param("t", tenantId).param("m", member.map(LoyaltyRepository.Member::id)
                        .orElse(null)).param("d", digest(id, code))
                .param("exp", Timestamps.of(now.plus(properties.codeLifetime()))).param("now", Timestamps.of(now))
                .update();
        // nobody's address gets nothing, and neither does one messaging refuses (a landline for an SMS): the page
        // says the same either way, so it tells no one whether the address is a member's
        member.ifPresent(m -> {
            try {
                transaction.executeWithoutResult(status -> messages.send(new Messages.Outgoing(tenantId, root.get(),
                        email ? Channel.EMAIL : Channel.SMS, Purpose.SERVICE, value.value(), TEMPLATE, language,
                        Map.of("code", code, "minutes", properties.codeLifetime().toMinutes()),
                        "loyalty-sign-in:" + id, null, "loyalty")));
            } catch (ProblemException undeliverable) {
                // the code is never sent, so it never opens anything
            }
        });
        return new Asked(id, null, null);
    }

    /** Checks a typed code; a right one is spent, a wrong one counts against the code and the network address. */
    Checked check(UUID tenantId, UUID challengeId, String code, String clientAddress, Instant now) {
        String address = tenantId + "|" + clientAddress;
        Optional<Duration> locked = guesses.lockedFor(address);
        if (locked.isPresent()) {
            return new Checked(null, 0, locked.get());
        }
        String typed = code == null ? "" : code.replaceAll("\\s", "");
        Checked checked = transaction.execute(status -> {
            Optional<Challenge> found = jdbc.sql("""
                            SELECT member_id, code_digest, attempts, expires_at, used_at FROM loyalty_sign_in
                            WHERE tenant_id = :t AND id = :id FOR UPDATE
                            """).param("t", tenantId).param("id", challengeId)
                    .query((rs, n) -> new Challenge(rs.getObject("member_id", UUID.class), rs.getString("code_digest"),
                            rs.getInt("attempts"), Timestamps.instant(rs, "expires_at"),
                            Timestamps.instant(rs, "used_at"))).optional();
            if (found.isEmpty() || found.get().usedAt() != null || !found.get().expiresAt().isAfter(now)
                    || found.get().attempts() >= properties.codeAttempts()) {
                return new Checked(null, 0, null);
            }
            Challenge c = found.get();
            if (c.memberId() != null && typed.matches("\\d{6}") && java.security.MessageDigest.isEqual(
                    c.digest().getBytes(), digest(challengeId, typed).getBytes())) {
                jdbc.sql("UPDATE loyalty_sign_in SET used_at = :now WHERE tenant_id = :t AND id = :id")
                        .param("now", Timestamps.of(now)).param("t", tenantId).param("id", challengeId).update();
                return new Checked(c.memberId(), 0, null);
            }
            jdbc.sql("UPDATE loyalty_sign_in SET attempts = attempts + 1 WHERE tenant_id = :t AND id = :id")
                    .param("t", tenantId).param("id", challengeId).update();
            return new Checked(null, properties.codeAttempts() - c.attempts() - 1, null);
        });
        if (checked.memberId() == null) {
            guesses.tryConsume(address);
        }
        return checked;
    }

    /** Codes past their end are of no more use, not even as evidence. */
    int forgetExpired(Instant now) {
        return jdbc.sql("DELETE FROM loyalty_sign_in WHERE expires_at < :before")
                .param("before", Timestamps.of(now.minus(Duration.ofDays(1)))).update();
    }

    private record Challenge(UUID memberId, String digest, int attempts, Instant expiresAt, Instant usedAt) {
    }

    private Optional<LoyaltyRepository.Member> memberOf(UUID tenantId, UUID root) {
        return identity.identifiers(tenantId, root).stream().filter(i -> i.type() == IdentifierType.LOYALTY_ID)
                .map(i -> repository.member(tenantId, i.value())).flatMap(Optional::stream).findFirst();
    }

    /** Phone numbers typed without a country code are read in the country of the brand's first store. */
    private String country(UUID tenantId) {
        return stores.workingIn(Actor.system(tenantId, "member page", Set.of()), 1).stream().findFirst()
                .map(StoreRef::country).orElse(null);
    }

    private String digest(UUID id, String code) {
        return signatures.digest("loyalty-sign-in-code", id + ":" + code);
    }
}
