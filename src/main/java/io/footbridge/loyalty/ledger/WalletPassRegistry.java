package io.footbridge.loyalty.ledger;

import io.footbridge.platform.BackgroundWork;
import io.footbridge.platform.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The Apple passes that went out and the devices that registered them: a pass's web service token, when its
 * content last changed (the tag Apple's devices ask with, in whole seconds as HTTP dates are), and the pushes due
 * after a change. Marking a change is one indexed update in the ledger's transaction; the push goes after commit.
 */
@Component
class WalletPassRegistry {

    /** A registration a push is due for. */
    record Due(String deviceId, UUID memberId, UUID tenantId, String pushToken, int attempts) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private volatile Supplier<BackgroundWork.Recurring> pushes = () -> null;
    private volatile Supplier<BackgroundWork.Recurring> googleUpdates = () -> null;

    WalletPassRegistry(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Set by the push task, which depends on the ledger's beans and so cannot be given here. */
    void pushesThrough(BackgroundWork.Recurring task) {
        this.pushes = () -> task;
    }

    /** Set by the Google update task, for the same reason. */
    void googleUpdatesThrough(BackgroundWork.Recurring task) {
        this.googleUpdates = () -> task;
    }

    /** A save link went out for the member: from now on a change of points updates their Google object. */
    void googleLinked(UUID tenantId, UUID memberId) {
        jdbc.sql("""
                        INSERT INTO loyalty_wallet_google_object (member_id, tenant_id, update_due, attempts, linked_at)
                        VALUES (:m, :t, FALSE, 0, :now) ON CONFLICT DO NOTHING
                        """).param("m", memberId).param("t", tenantId).param("now", Timestamps.now()).update();
    }

    /** A Google object due an update. */
    record GoogleDue(UUID memberId, UUID tenantId, int attempts) {
    }

    List<GoogleDue> googleDue(int limit) {
        return jdbc.sql("""
                        SELECT member_id, tenant_id, attempts FROM loyalty_wallet_google_object
                        WHERE update_due = TRUE ORDER BY linked_at FETCH FIRST :n ROWS ONLY
                        """).param("n", limit)
                .query((rs, n) -> new GoogleDue(rs.getObject("member_id", UUID.class),
                        rs.getObject("tenant_id", UUID.class), rs.getInt("attempts")))
                .list();
    }

    /** Updated, or never to be (the member never saved the card): nothing due until the next change. */
    void googleDone(GoogleDue due) {
        jdbc.sql("UPDATE loyalty_wallet_google_object SET update_due = FALSE WHERE member_id = :m AND attempts = :a")
                .param("m", due.memberId()).param("a", due.attempts()).update();
    }

    void googleFailed(GoogleDue due, int max) {
        jdbc.sql("""
                        UPDATE loyalty_wallet_google_object SET attempts = attempts + 1,
                            update_due = CASE WHEN attempts + 1 >= :max THEN FALSE ELSE TRUE END
                        WHERE member_id = :m AND attempts = :a
                        """).param("max", max).param("m", due.memberId()).param("a", due.attempts()).update();
    }

    /** The pass's web service token, made the first time the member's pass is made. */
    String token(UUID tenantId, UUID memberId) {
        Optional<String> known = storedToken(memberId);
        if (known.isPresent()) {
            return known.get();
        }
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        jdbc.sql("""
                        INSERT INTO loyalty_wallet_pass (member_id, tenant_id, auth_token, updated_at)
                        VALUES (:m, :t, :token, :now) ON CONFLICT DO NOTHING
                        """).param("m", memberId).param("t", tenantId)
                .param("token", Base64.getUrlEncoder().withoutPadding().encodeToString(random))
                .param("now", Timestamps.of(Instant.now().truncatedTo(ChronoUnit.SECONDS))).update();
        return storedToken(memberId).orElseThrow();
    }

    private Optional<String> storedToken(UUID memberId) {
        return jdbc.sql("SELECT auth_token FROM loyalty_wallet_pass WHERE member_id = :m").param("m", memberId)
                .query(String.class).optional();
    }

    /** The pass's tenant and last change when {@code presented} is its token; empty for any other. */
    Optional<Pass> authenticate(UUID memberId, String presented) {
        return pass(memberId).filter(pass -> presented != null && MessageDigest.isEqual(
                pass.token().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                presented.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    record Pass(UUID memberId, UUID tenantId, String token, Instant updatedAt) {
    }

    Optional<Pass> pass(UUID memberId) {
        return jdbc.sql("SELECT member_id, tenant_id, auth_token, updated_at FROM loyalty_wallet_pass WHERE member_id = :m")
                .param("m", memberId)
                .query((rs, n) -> new Pass(rs.getObject("member_id", UUID.class), rs.getObject("tenant_id", UUID.class),
                        rs.getString("auth_token"), Timestamps.instant(rs, "updated_at")))
                .optional();
    }

    /** Answers whether the device is new for this pass; a known one gets its (maybe new) push token. */
    boolean register(Pass pass, String deviceId, String pushToken) {
        int updated = jdbc.sql("""
                        UPDATE loyalty_wallet_device SET push_token = :push
                        WHERE device_id = :d AND member_id = :m
                        """).param("push", pushToken).param("d", deviceId).param("m", pass.memberId()).update();
        if (updated > 0) {
            return false;
        }
        return jdbc.sql("""
                        INSERT INTO loyalty_wallet_device (device_id, member_id, tenant_id, push_token, push_due,
                            push_attempts, registered_at)
                        VALUES (:d, :m, :t, :push, FALSE, 0, :now) ON CONFLICT DO NOTHING
                        """).param("d", deviceId).param("m", pass.memberId()).param("t", pass.tenantId())
                .param("push", pushToken).param("now", Timestamps.now()).update() == 1;
    }

    void unregister(UUID memberId, String deviceId) {
        jdbc.sql("DELETE FROM loyalty_wallet_device WHERE device_id = :d AND member_id = :m").param("d", deviceId)
                .param("m", memberId).update();
    }

    /** The passes a device registered that changed after {@code since} (all without it). */
    List<Pass> updatedFor(String deviceId, Instant since) {
        return jdbc.sql("""
                        SELECT p.member_id, p.tenant_id, p.auth_token, p.updated_at
                        FROM loyalty_wallet_device d JOIN loyalty_wallet_pass p ON p.member_id = d.member_id
                        WHERE d.device_id = :d AND p.updated_at > :since
                        ORDER BY p.updated_at
                        """).param("d", deviceId)
                .param("since", Timestamps.of(since == null ? Instant.EPOCH : since))
                .query((rs, n) -> new Pass(rs.getObject("member_id", UUID.class), rs.getObject("tenant_id", UUID.class),
                        rs.getString("auth_token"), Timestamps.instant(rs, "updated_at")))
                .list();
    }

    /**
     * The member's balance or tier changed: the pass's tag moves on (at least a second past the last, so a phone that
     * fetched within the same second still sees a newer Last-Modified) and its devices are due a push, sent once the
     * transaction commits. Members without a pass out cost one update that finds nothing.
     */
    void changed(UUID memberId, Instant now) {
        if (jdbc.sql("UPDATE loyalty_wallet_google_object SET update_due = TRUE, attempts = 0 WHERE member_id = :m")
                .param("m", memberId).update() > 0) {
            wakeAfterCommit(googleUpdates.get());
        }
        int passes = jdbc.sql("""
                        UPDATE loyalty_wallet_pass SET updated_at = CASE WHEN updated_at < :now THEN :now
                            ELSE updated_at + INTERVAL '1' SECOND END
                        WHERE member_id = :m
                        """).param("m", memberId).param("now", Timestamps.of(now.truncatedTo(ChronoUnit.SECONDS)))
                .update();
        if (passes == 0) {
            return;
        }
        int devices = jdbc.sql("UPDATE loyalty_wallet_device SET push_due = TRUE, push_attempts = 0 WHERE member_id = :m")
                .param("m", memberId).update();
        if (devices > 0) {
            wakeAfterCommit(pushes.get());
        }
    }

    private static void wakeAfterCommit(BackgroundWork.Recurring task) {
        if (task == null) {
            return;
        }
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    task.wake();
                }
            });
        } else {
            task.wake();
        }
    }

    List<Due> due(int limit) {
        return jdbc.sql("""
                        SELECT device_id, member_id, tenant_id, push_token, push_attempts FROM loyalty_wallet_device
                        WHERE push_due = TRUE ORDER BY registered_at FETCH FIRST :n ROWS ONLY
                        """).param("n", limit)
                .query((rs, n) -> new Due(rs.getString("device_id"), rs.getObject("member_id", UUID.class),
                        rs.getObject("tenant_id", UUID.class), rs.getString("push_token"), rs.getInt("push_attempts")))
                .list();
    }

    /** A push went out (or will never go): nothing is due until the next change. */
    void pushed(Due due) {
        jdbc.sql("""
                        UPDATE loyalty_wallet_device SET push_due = FALSE
                        WHERE device_id = :d AND member_id = :m AND push_attempts = :a
                        """).param("d", due.deviceId()).param("m", due.memberId()).param("a", due.attempts()).update();
    }

    /** A push failed: tried again on the task's next runs, up to {@code max} attempts. */
    void failed(Due due, int max) {
        jdbc.sql("""
                        UPDATE loyalty_wallet_device SET push_attempts = push_attempts + 1,
                            push_due = CASE WHEN push_attempts + 1 >= :max THEN FALSE ELSE TRUE END
                        WHERE device_id = :d AND member_id = :m AND push_attempts = :a
                        """).param("max", max).param("d", due.deviceId()).param("m", due.memberId())
                .param("a", due.attempts()).update();
    }

    /** The device no longer has the pass (APNs says the token is gone; an erased member). */
    void forgetMember(UUID memberId) {
        jdbc.sql("DELETE FROM loyalty_wallet_device WHERE member_id = :m").param("m", memberId).update();
    }
}
