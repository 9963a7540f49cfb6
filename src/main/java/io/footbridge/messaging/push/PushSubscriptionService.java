package io.footbridge.messaging.push;

import io.footbridge.consent.Channel;
import io.footbridge.consent.Consents;
import io.footbridge.consent.NewConsent;
import io.footbridge.consent.Purpose;
import io.footbridge.identity.IdentityGraph;
import io.footbridge.messaging.PushSubscriptions;
import io.footbridge.messaging.channel.MessagingProperties;
import io.footbridge.platform.FieldError;
import io.footbridge.platform.OutboundAddresses;
import io.footbridge.platform.ProblemException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.KeyAgreement;

/**
 * Keeps browsers' push subscriptions and the push consent that comes with them. A subscription is checked before it
 * is kept: its endpoint is an https address Footbridge may call (a customer's browser, not staff, chose it), and its
 * keys are a point on P-256 and a 16-byte secret, so that nothing kept fails only later, when a message is sent.
 */
@Service
class PushSubscriptionService implements PushSubscriptions {

    private static final int MAX_ENDPOINT = 2000;
    private static final int MAX_BROWSERS = 10;

    private final PushRepository repository;
    private final VapidKeys vapid;
    private final Consents consents;
    private final IdentityGraph identity;
    private final OutboundAddresses addresses;
    private final MessagingProperties.Push properties;

    PushSubscriptionService(PushRepository repository, VapidKeys vapid, Consents consents, IdentityGraph identity,
                            OutboundAddresses addresses, MessagingProperties properties) {
        this.repository = repository;
        this.vapid = vapid;
        this.consents = consents;
        this.identity = identity;
        this.addresses = addresses;
        this.properties = properties.push();
    }

    @Override
    public String applicationServerKey() {
        return vapid.applicationServerKey();
    }

    @Override
    @Transactional
    public Subscribed subscribe(UUID tenantId, UUID profileId, Subscription given, String source,
                                Map<String, String> evidence) {
        Subscription subscription = check(given);
        UUID person = root(tenantId, profileId);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Optional<PushRepository.Subscription> known = repository.byEndpoint(tenantId, subscription.endpoint());
        UUID id;
        boolean created = false;
        if (known.isPresent()) {
            id = known.get().id();
        } else {
            id = UUID.randomUUID();
            created = repository.insert(new PushRepository.Subscription(id, tenantId, person,
                    subscription.endpoint(), subscription.p256dh(), subscription.auth(), now));
            if (!created) {
                id = repository.byEndpoint(tenantId, subscription.endpoint()).orElseThrow().id();
            }
        }
        if (!created) {
            repository.refresh(tenantId, id, person, subscription.p256dh(), subscription.auth());
        } else {
            // a person has a few browsers; beyond that the oldest are dropped, so a link cannot fill the table
            List<PushRepository.Subscription> all = repository.of(tenantId, identity.profileIds(tenantId, person));
            all.stream().skip(MAX_BROWSERS).forEach(old -> repository.delete(tenantId, old.id()));
        }
        // turning notifications on is the grant; asked again, the ledger keeps the line it has
        if (!"granted".equals(consents.status(tenantId, person, null, null, Channel.PUSH, Purpose.MARKETING))) {
            consents.record(new NewConsent(tenantId, person, null, null, Channel.PUSH, Purpose.MARKETING, true, now,
                    source, null, null, null, evidence, "push-subscribe:" + id + ":" + now.toEpochMilli()));
        }
        return new Subscribed(id, created);
    }

    @Override
    @Transactional
    public boolean unsubscribe(UUID tenantId, UUID profileId, String endpoint, String source,
                               Map<String, String> evidence) {
        if (endpoint == null || endpoint.isBlank()) {
            throw ProblemException.invalid("endpoint", "is required");
        }
        UUID person = root(tenantId, profileId);
        List<UUID> profiles = identity.profileIds(tenantId, person);
        Optional<PushRepository.Subscription> found = repository.byEndpoint(tenantId, endpoint)
                .filter(s -> profiles.contains(s.profileId()));
        if (found.isEmpty()) {
            return false;
        }
        repository.delete(tenantId, found.get().id());
        if (repository.of(tenantId, profiles).isEmpty()) {
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            consents.record(new NewConsent(tenantId, person, null, null, Channel.PUSH, Purpose.MARKETING, false, now,
                    source, null, null, null, evidence, "push-unsubscribe:" + found.get().id()));
        }
        return true;
    }

    @Override
    public int count(UUID tenantId, UUID profileId) {
        return identity.find(tenantId, profileId)
                .map(p -> repository.of(tenantId, identity.profileIds(tenantId, p.rootId())).size()).orElse(0);
    }

    private UUID root(UUID tenantId, UUID profileId) {
        return identity.find(tenantId, profileId).map(IdentityGraph.ProfileRef::rootId)
                .orElseThrow(() -> ProblemException.notFound("profile", profileId));
    }

    /** The subscription as kept, or a problem naming each field that is wrong. */
    private Subscription check(Subscription given) {
        List<FieldError> errors = new ArrayList<>();
        String endpoint = given == null ? null : given.endpoint();
        String endpointProblem = endpointProblem(endpoint);
        if (endpointProblem != null) {
            errors.add(new FieldError("endpoint", endpointProblem));
        }
        byte[] p256dh = decode(given == null ? null : given.p256dh());
        if (p256dh == null || p256dh.length != 65 || p256dh[0] != 4 || !onCurve(p256dh)) {
            errors.add(new FieldError("keys.p256dh", "must be the browser's P-256 public key: 65 bytes, base64url"));
        }
        byte[] auth = decode(given == null ? null : given.auth());
        if (auth == null || auth.length != 16) {
            errors.add(new FieldError("keys.auth", "must be the browser's 16-byte authentication secret, base64url"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        return new Subscription(endpoint, encoder.encodeToString(p256dh), encoder.encodeToString(auth));
    }

    private String endpointProblem(String endpoint) {
        if (endpoint == null || endpoint.isBlank()) {
            return "is required: the push service's URL the browser gave";
        }
        if (endpoint.length() > MAX_ENDPOINT) {
            return "is longer than " + MAX_ENDPOINT + " characters";
        }
        URI uri;
        try {
            uri = new URI(endpoint);
        } catch (URISyntaxException e) {
            return "is not a URL";
        }
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        boolean http = "http".equalsIgnoreCase(uri.getScheme()) && properties.allowHttp();
        if (!(https || http) || uri.getHost() == null || uri.getRawUserInfo() != null) {
            return "must be an https URL of a push service";
        }
        return addresses.refusal(uri).orElse(null);
    }

    private static byte[] decode(String value) {
        if (value == null || value.isBlank() || value.length() > 200) {
            return null;
        }
        try {
            // browsers give base64url; some libraries hand on standard base64 with padding
            return Base64.getUrlDecoder().decode(value.strip().replace('+', '-').replace('/', '_').replace("=", ""));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Whether the bytes are a point of P-256: an agreement with it fails for anything else. */
    private static boolean onCurve(byte[] uncompressed) {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec("secp256r1"));
            ECParameterSpec spec = parameters.getParameterSpec(ECParameterSpec.class);
            BigInteger x = new BigInteger(1, java.util.Arrays.copyOfRange(uncompressed, 1, 33));
            BigInteger y = new BigInteger(1, java.util.Arrays.copyOfRange(uncompressed, 33, 65));
            BigInteger p = ((java.security.spec.ECFieldFp) spec.getCurve().getField()).getP();
            // y² = x³ + ax + b (mod p): the agreement below checks it too, but not on every provider
            if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0 || !y.modPow(BigInteger.TWO, p).equals(x.pow(3)
                    .add(spec.getCurve().getA().multiply(x)).add(spec.getCurve().getB()).mod(p))) {
                return false;
            }
            ECPoint point = new ECPoint(x, y);
            PublicKey key = KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, spec));
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(spec);
            KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
            agreement.init(generator.generateKeyPair().getPrivate());
            agreement.doPhase(key, true);
            agreement.generateSecret();
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }
}
