package io.footbridge.loyalty.ledger;

import io.footbridge.platform.ProblemException;
import org.springframework.stereotype.Component;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Members' referral codes: a member hands theirs to a friend, the friend joins with it (at the till or with a
 * {@code referralCode} on their {@code loyalty.signup} event), and the referrer earns the {@code referral} bonus
 * when the friend first buys. A code is made when first shown; it is not the loyalty number, which stays private.
 */
@Component
class Referrals {

    /** No 0/O, 1/I/L: read aloud at a till and typed from a phone's screen. */
    private static final char[] ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ".toCharArray();
    private static final int LENGTH = 8;

    private final LoyaltyRepository repository;
    private final SecureRandom random = new SecureRandom();

    Referrals(LoyaltyRepository repository) {
        this.repository = repository;
    }

    /** The member's code, made now if they have none. */
    String code(UUID tenantId, UUID memberId) {
        Optional<String> code;
        while ((code = repository.referralCode(tenantId, memberId)).isEmpty()) {
            repository.setReferralCode(tenantId, memberId, next());
        }
        return code.get();
    }

    /** The member whose code this is; a 400 naming the field when none is. */
    LoyaltyRepository.Member referrer(UUID tenantId, String field, String raw) {
        return find(tenantId, raw).orElseThrow(() -> ProblemException.invalid(field, "is no member's referral code"));
    }

    Optional<LoyaltyRepository.Member> find(UUID tenantId, String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String code = raw.strip().replace("-", "").replace(" ", "").toUpperCase(Locale.ROOT);
        if (code.length() != LENGTH) {
            return Optional.empty();
        }
        return repository.memberByReferralCode(tenantId, code);
    }

    /** How many members this member brought in, and how many of them have bought (earning the bonus). */
    long[] counts(UUID tenantId, UUID memberId) {
        return repository.referred(tenantId, memberId);
    }

    private String next() {
        char[] code = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            code[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new String(code);
    }
}
