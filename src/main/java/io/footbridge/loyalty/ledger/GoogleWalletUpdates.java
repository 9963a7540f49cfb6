package io.footbridge.loyalty.ledger;

import com.nimbusds.jwt.JWTClaimsSet;
import io.footbridge.platform.BackgroundWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The background task {@code loyalty-wallet-google}: after a change of points, PATCHes the member's loyalty object
 * at Google with the new balances, for members a save link was made for and tenants with a Google issuer. The
 * access token comes from the service account (a JWT signed with its key, exchanged at Google's token URL) and is
 * kept until shortly before it runs out. A failure stays due and the run fails, so the scheduler retries it,
 * {@value #ATTEMPTS} attempts in all; a 404 means the member never saved the card, and nothing is retried.
 */
@Component
class GoogleWalletUpdates {

    static final int ATTEMPTS = 5;
    static final String SCOPE = "https://www.googleapis.com/auth/wallet_object.issuer";
    private static final int BATCH = 200;
    private static final Logger log = LoggerFactory.getLogger(GoogleWalletUpdates.class);

    private record Token(String value, Instant until) {
    }

    private final WalletPassRegistry registry;
    private final WalletIssuers issuers;
    private final LoyaltyRepository repository;
    private final Members members;
    private final JsonMapper json;
    private final String tokenUrl;
    private final String apiUrl;
    private final Duration timeout;
    private final HttpClient http;
    /** Access tokens by service account and key, so a changed key gets a new one. */
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();

    GoogleWalletUpdates(WalletPassRegistry registry, WalletIssuers issuers, LoyaltyRepository repository,
                        Members members, JsonMapper json, BackgroundWork work,
                        @Value("${footbridge.loyalty.wallet.google-token-url:https://oauth2.googleapis.com/token}")
                        String tokenUrl,
                        @Value("${footbridge.loyalty.wallet.google-api-url:https://walletobjects.googleapis.com}")
                        String apiUrl,
                        @Value("${footbridge.loyalty.wallet.google-timeout:10s}") Duration timeout) {
        this.registry = registry;
        this.issuers = issuers;
        this.repository = repository;
        this.members = members;
        this.json = json;
        this.tokenUrl = tokenUrl;
        this.apiUrl = apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        registry.googleUpdatesThrough(work.recurring("loyalty-wallet-google", Duration.ofMinutes(1), this::run));
    }

    /** Updates what is due; throws when an update failed, so the scheduler runs it again. */
    void run() {
        int failed = 0;
        List<WalletPassRegistry.GoogleDue> due = registry.googleDue(BATCH);
        for (WalletPassRegistry.GoogleDue update : due) {
            Optional<WalletIssuers.Google> issuer = issuers.google(update.tenantId());
            Optional<LoyaltyRepository.Member> member = repository.memberById(update.tenantId(), update.memberId())
                    .filter(m -> !m.loyaltyId().startsWith(LoyaltyRepository.ERASED));
            if (issuer.isEmpty() || member.isEmpty()) {
                registry.googleDone(update);
                continue;
            }
            int status;
            try {
                status = patch(issuer.get(), members.view(update.tenantId(), member.get()), update);
            } catch (IOException | RuntimeException e) {
                status = -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (status == 200 || status == 404) {
                registry.googleDone(update);
            } else {
                if (status == 401) {
                    tokens.clear();
                }
                registry.googleFailed(update, ATTEMPTS);
                failed++;
            }
        }
        if (failed > 0) {
            log.warn("{} of {} Google Wallet object updates failed; retried on the next runs", failed, due.size());
            throw new IllegalStateException(failed + " Google Wallet object updates failed");
        }
    }

    private int patch(WalletIssuers.Google issuer, io.footbridge.loyalty.LoyaltyMembers.Member member,
                      WalletPassRegistry.GoogleDue update) throws IOException, InterruptedException {
        ObjectNode body = json.createObjectNode();
        body.putObject("loyaltyPoints").put("label", "Points").putObject("balance").put("int", member.available());
        body.putObject("secondaryLoyaltyPoints").put("label", "Pending").putObject("balance")
                .put("int", member.pending());
        // the tier changes too (an upgrade, a downgrade at the period's end); an empty list clears a tier lost
        GoogleWallet.tier(body, member.tier());
        HttpRequest request = HttpRequest.newBuilder(URI.create(apiUrl + "/walletobjects/v1/loyaltyObject/"
                        + issuer.issuerId() + "." + update.memberId()))
                .timeout(timeout).header("Authorization", "Bearer " + token(issuer))
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body.toString())).build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** An access token for the service account: a signed JWT exchanged by the JWT bearer grant (RFC 7523). */
    private String token(WalletIssuers.Google issuer) throws IOException, InterruptedException {
        String key = issuer.serviceAccountEmail() + ' ' + issuer.key().getModulus().hashCode();
        Token known = tokens.get(key);
        Instant now = Instant.now();
        if (known != null && known.until().isAfter(now)) {
            return known.value();
        }
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer.serviceAccountEmail()).audience(tokenUrl)
                .claim("scope", SCOPE).issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(3600)))
                .build();
        String form = "grant_type=" + URLEncoder.encode("urn:ietf:params:oauth:grant-type:jwt-bearer",
                StandardCharsets.UTF_8) + "&assertion=" + GoogleWallet.signed(issuer, claims);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(tokenUrl)).timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("the token URL answered " + response.statusCode());
        }
        JsonNode answer = json.readTree(response.body());
        String token = answer.path("access_token").asString(null);
        if (token == null) {
            throw new IOException("the token URL answered no access_token");
        }
        // a minute's margin so a token never runs out between here and Google
        long seconds = Math.max(60, answer.path("expires_in").asLong(3600)) - 60;
        tokens.put(key, new Token(token, now.plusSeconds(seconds)));
        return token;
    }
}
