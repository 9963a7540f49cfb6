package io.footbridge.loyalty.ledger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The background task {@code loyalty-wallet-push}: tells the phones that registered a changed pass to fetch it,
 * through Apple's push service (APNs: HTTP/2, the tenant's Pass Type ID certificate as the client certificate, an
 * empty JSON body, the pass type as {@code apns-topic}). Woken after the ledger's transaction commits, so a sale
 * never waits for Apple; a failed push is tried again on the next runs, {@value #ATTEMPTS} times in all. Passes
 * signed with the development certificate are never pushed: Apple would refuse it, and no phone holds them.
 */
@Component
class ApplePushes {

    static final int ATTEMPTS = 5;
    private static final int BATCH = 200;
    private static final Logger log = LoggerFactory.getLogger(ApplePushes.class);

    private final WalletPassRegistry registry;
    private final WalletIssuers issuers;
    private final String apnsUrl;
    private final Duration timeout;
    /** One HTTP/2 client per certificate: its connection to APNs is kept and reused, as Apple asks. */
    private final Map<String, HttpClient> clients = new ConcurrentHashMap<>();

    ApplePushes(WalletPassRegistry registry, WalletIssuers issuers, io.footbridge.platform.BackgroundWork work,
                @Value("${footbridge.loyalty.wallet.apns-url:https://api.push.apple.com}") String apnsUrl,
                @Value("${footbridge.loyalty.wallet.apns-timeout:10s}") Duration timeout) {
        this.registry = registry;
        this.issuers = issuers;
        this.apnsUrl = apnsUrl.endsWith("/") ? apnsUrl.substring(0, apnsUrl.length() - 1) : apnsUrl;
        this.timeout = timeout;
        registry.pushesThrough(work.recurring("loyalty-wallet-push", Duration.ofMinutes(1), this::run));
    }

    /** Sends what is due; throws when a push failed, so the scheduler runs it again sooner. */
    void run() {
        int failed = 0;
        List<WalletPassRegistry.Due> due = registry.due(BATCH);
        for (WalletPassRegistry.Due push : due) {
            var issuer = issuers.apple(push.tenantId());
            if (issuer.isEmpty()) {
                registry.pushed(push);
                continue;
            }
            int status;
            try {
                status = send(issuer.get(), push.pushToken());
            } catch (IOException | RuntimeException e) {
                status = -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (status == 200) {
                registry.pushed(push);
            } else if (status == 410 || status == 400) {
                // the token is gone or was never one: the phone removed the pass, nothing will ever reach it
                registry.unregister(push.memberId(), push.deviceId());
            } else {
                registry.failed(push, ATTEMPTS);
                failed++;
            }
        }
        if (failed > 0) {
            // counts only: push tokens identify a person's phone and stay out of the log
            log.warn("{} of {} wallet pass pushes failed; retried on the next runs", failed, due.size());
            throw new IllegalStateException(failed + " wallet pass pushes failed");
        }
    }

    int send(WalletIssuers.Apple issuer, String pushToken) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(apnsUrl + "/3/device/" + pushToken))
                .timeout(timeout).header("apns-topic", issuer.passTypeId()).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        return client(issuer).send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private HttpClient client(WalletIssuers.Apple issuer) {
        String key;
        try {
            key = issuer.passTypeId() + ' ' + java.util.HexFormat.of().formatHex(java.security.MessageDigest
                    .getInstance("SHA-256").digest(issuer.certificate().getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return clients.computeIfAbsent(key, k -> HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
                .connectTimeout(timeout).sslContext(tls(issuer)).build());
    }

    /** TLS that presents the pass certificate (with its chain) as the client certificate. */
    private static SSLContext tls(WalletIssuers.Apple issuer) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            List<Certificate> chain = new ArrayList<>(List.of(issuer.certificate()));
            chain.addAll(issuer.chain());
            char[] password = new char[0];
            store.setKeyEntry("pass", issuer.key(), password, chain.toArray(Certificate[]::new));
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot use the pass certificate for APNs", e);
        }
    }
}
