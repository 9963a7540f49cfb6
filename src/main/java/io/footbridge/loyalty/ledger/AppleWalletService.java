package io.footbridge.loyalty.ledger;

import io.footbridge.platform.Brands;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Apple's "Wallet Passes web service", which the {@code webServiceURL} of every pass points at: phones register a
 * pass for pushes, ask which of their passes changed, and fetch the current one. Outside the API's login (the
 * phone proves itself with the pass's {@code Authorization: ApplePass <token>}) and without CSRF (no session, no
 * cookie). Unknown or malformed ids answer 401 or 404 with no body, so nothing tells a prober what exists.
 */
@RestController
@Hidden
class AppleWalletService {

    static final String PATH = "/wallet/apple";
    private static final String SCHEME = "ApplePass ";
    private static final Pattern DEVICE = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final Pattern PUSH_TOKEN = Pattern.compile("[0-9A-Fa-f]{16,200}");
    private static final Pattern TAG = Pattern.compile("[0-9]{1,12}");

    /** What the phone sends when it registers. */
    record Registration(String pushToken) {
    }

    private final WalletPassRegistry registry;
    private final WalletIssuers issuers;
    private final WalletPasses passes;
    private final LoyaltyRepository repository;
    private final Members members;
    private final Brands brands;

    AppleWalletService(WalletPassRegistry registry, WalletIssuers issuers, WalletPasses passes,
                       LoyaltyRepository repository, Members members, Brands brands) {
        this.registry = registry;
        this.issuers = issuers;
        this.passes = passes;
        this.repository = repository;
        this.members = members;
        this.brands = brands;
    }

    @PostMapping(PATH + "/v1/devices/{device}/registrations/{passType}/{serial}")
    ResponseEntity<Void> register(@PathVariable String device, @PathVariable String passType,
                                  @PathVariable String serial, @RequestBody(required = false) Registration body,
                                  @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth) {
        Optional<WalletPassRegistry.Pass> pass = authenticated(passType, serial, auth);
        if (pass.isEmpty()) {
            return status(HttpStatus.UNAUTHORIZED);
        }
        if (!DEVICE.matcher(device).matches() || body == null || body.pushToken() == null
                || !PUSH_TOKEN.matcher(body.pushToken()).matches()) {
            return status(HttpStatus.BAD_REQUEST);
        }
        return status(registry.register(pass.get(), device, body.pushToken()) ? HttpStatus.CREATED : HttpStatus.OK);
    }

    @DeleteMapping(PATH + "/v1/devices/{device}/registrations/{passType}/{serial}")
    ResponseEntity<Void> unregister(@PathVariable String device, @PathVariable String passType,
                                    @PathVariable String serial,
                                    @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth) {
        Optional<WalletPassRegistry.Pass> pass = authenticated(passType, serial, auth);
        if (pass.isEmpty()) {
            return status(HttpStatus.UNAUTHORIZED);
        }
        registry.unregister(pass.get().memberId(), device);
        return status(HttpStatus.OK);
    }

    /** Apple sends no token with this one: it answers only serial numbers, which open nothing without their pass. */
    @GetMapping(PATH + "/v1/devices/{device}/registrations/{passType}")
    ResponseEntity<Map<String, Object>> updated(@PathVariable String device, @PathVariable String passType,
                                                @RequestParam(required = false) String passesUpdatedSince) {
        if (!DEVICE.matcher(device).matches()) {
            return ResponseEntity.notFound().build();
        }
        Instant since = null;
        if (passesUpdatedSince != null && !passesUpdatedSince.isBlank()) {
            if (!TAG.matcher(passesUpdatedSince).matches()) {
                return ResponseEntity.badRequest().build();
            }
            since = Instant.ofEpochSecond(Long.parseLong(passesUpdatedSince));
        }
        List<WalletPassRegistry.Pass> changed = registry.updatedFor(device, since).stream()
                .filter(pass -> passType(pass.tenantId()).equals(passType)).toList();
        if (changed.isEmpty()) {
            return ResponseEntity.noContent().build();
        }
        Instant last = changed.stream().map(WalletPassRegistry.Pass::updatedAt).max(Instant::compareTo).orElseThrow();
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(Map.of(
                "serialNumbers", changed.stream().map(pass -> pass.memberId().toString()).toList(),
                "lastUpdated", Long.toString(last.getEpochSecond())));
    }

    @GetMapping(PATH + "/v1/passes/{passType}/{serial}")
    ResponseEntity<byte[]> pass(@PathVariable String passType, @PathVariable String serial,
                                @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth,
                                HttpServletRequest request) {
        Optional<WalletPassRegistry.Pass> pass = authenticated(passType, serial, auth);
        if (pass.isEmpty()) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).build();
        }
        UUID tenantId = pass.get().tenantId();
        Optional<LoyaltyRepository.Member> member = repository.memberById(tenantId, pass.get().memberId())
                .filter(m -> !m.loyaltyId().startsWith(LoyaltyRepository.ERASED));
        if (member.isEmpty()) {
            return ResponseEntity.notFound().build();
        }
        Instant modified = pass.get().updatedAt();
        long since = ifModifiedSince(request);
        if (since >= 0 && modified.toEpochMilli() <= since) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).lastModified(modified).build();
        }
        return ResponseEntity.ok().lastModified(modified).cacheControl(CacheControl.noCache())
                .contentType(MediaType.parseMediaType("application/vnd.apple.pkpass"))
                .body(passes.pass(brands.of(tenantId), members.view(tenantId, member.get()), member.get().id(),
                        issuers.apple(tenantId)));
    }

    /** Phones report their errors here; they are taken and dropped, as they can carry ids of people's passes. */
    @PostMapping(PATH + "/v1/log")
    ResponseEntity<Void> log() {
        return status(HttpStatus.OK);
    }

    private Optional<WalletPassRegistry.Pass> authenticated(String passType, String serial, String auth) {
        if (auth == null || !auth.startsWith(SCHEME)) {
            return Optional.empty();
        }
        UUID memberId;
        try {
            memberId = UUID.fromString(serial);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return registry.authenticate(memberId, auth.substring(SCHEME.length()).strip())
                .filter(pass -> passType(pass.tenantId()).equals(passType));
    }

    /** The pass type the tenant's passes carry: its own, or the development one. */
    private String passType(UUID tenantId) {
        return issuers.apple(tenantId).map(WalletIssuers.Apple::passTypeId).orElse(WalletPasses.PASS_TYPE);
    }

    private static long ifModifiedSince(HttpServletRequest request) {
        try {
            return request.getDateHeader(HttpHeaders.IF_MODIFIED_SINCE);
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    private static ResponseEntity<Void> status(HttpStatus status) {
        return ResponseEntity.status(status).build();
    }
}
