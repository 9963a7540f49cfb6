package io.footbridge.consent.gate;

import io.footbridge.consent.Channel;
import io.footbridge.consent.Suppressions;
import io.footbridge.identity.IdentifierNormaliser;
import io.footbridge.identity.IdentifierType;
import io.footbridge.identity.Normalised;
import io.footbridge.platform.Actor;
import io.footbridge.platform.AuditLog;
import io.footbridge.platform.ProblemException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The tenant's suppression list: what providers report (bounces, complaints) and what staff add by hand. */
@Service
class SuppressionService implements Suppressions {

    private final SuppressionRepository repository;
    private final IdentifierNormaliser normaliser;
    private final AuditLog audit;

    SuppressionService(SuppressionRepository repository, IdentifierNormaliser normaliser, AuditLog audit) {
        this.repository = repository;
        this.normaliser = normaliser;
        this.audit = audit;
    }

    @Override
    @Transactional
    public boolean suppress(UUID tenantId, Channel channel, String address, Reason reason, String detail) {
        return repository.insert(tenantId, new SuppressionRepository.Suppression(channel, address, reason,
                truncate(detail), Instant.now().truncatedTo(ChronoUnit.MICROS), "system"));
    }

    @Override
    public boolean suppressed(UUID tenantId, Channel channel, String address) {
        return repository.find(tenantId, channel, address).isPresent();
    }

    @Transactional
    SuppressionRepository.Suppression add(Actor actor, Channel channel, String raw, Reason reason, String detail) {
        String address = address(channel, raw, "address");
        var suppression = new SuppressionRepository.Suppression(channel, address, reason == null ? Reason.MANUAL : reason,
                truncate(detail), Instant.now().truncatedTo(ChronoUnit.MICROS), actor.label());
        if (repository.insert(actor.tenantId(), suppression)) {
            audit.record(actor, "suppression.added", "suppression", channel.value(),
                    Map.of("reason", suppression.reason().value()));
            return suppression;
        }
        return repository.find(actor.tenantId(), channel, address).orElseThrow();
    }

    /** @param after the cursor a page ended with: {@code channel:address} */
    List<SuppressionRepository.Suppression> list(Actor actor, Channel channel, String after, int limit) {
        String afterChannel = null;
        String afterAddress = after;
        if (after != null && after.indexOf(':') > 0 && Channel.of(after.substring(0, after.indexOf(':'))).isPresent()) {
            afterChannel = after.substring(0, after.indexOf(':'));
            afterAddress = after.substring(after.indexOf(':') + 1);
        }
        return repository.list(actor.tenantId(), channel, afterAddress, afterChannel, limit);
    }

    @Transactional
    void lift(Actor actor, Channel channel, String raw) {
        String address = address(channel, raw, "address");
        if (!repository.delete(actor.tenantId(), channel, address)) {
            throw ProblemException.notFound("suppression of this address on " + channel.value(), "given");
        }
        audit.record(actor, "suppression.lifted", "suppression", channel.value(), Map.of());
    }

    /** The address as the gate compares it: a phone needs its + prefix, as there is no store to take a country from. */
    String address(Channel channel, String raw, String field) {
        if (channel.addressType() == null) {
            throw ProblemException.invalid("channel", channel.value() + " has no addresses to suppress");
        }
        Normalised normalised = normaliser.normalise(IdentifierType.ofKey(channel.addressType()).orElseThrow(), raw,
                null);
        if (!normalised.usable()) {
            throw ProblemException.invalid(field, normalised.problem());
        }
        return normalised.value();
    }

    private static String truncate(String detail) {
        return detail == null || detail.length() <= 500 ? detail : detail.substring(0, 500);
    }
}
