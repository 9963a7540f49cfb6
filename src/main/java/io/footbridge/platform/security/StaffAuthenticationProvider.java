package io.footbridge.platform.security;

import io.footbridge.platform.staff.StaffAccounts;
import io.footbridge.platform.staff.StaffLogin;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

import java.util.Locale;
import java.util.Optional;

/** Checks a staff e-mail and password, behind the {@link LoginThrottle}. */
@Component
class StaffAuthenticationProvider implements AuthenticationProvider {

    private final StaffAccounts accounts;
    private final PasswordEncoder encoder;
    private final LoginThrottle throttle;
    /** Compared against when the account does not exist, so a miss costs as much time as a wrong password. */
    private final String dummyHash;

    StaffAuthenticationProvider(StaffAccounts accounts, PasswordEncoder encoder, LoginThrottle throttle) {
        this.accounts = accounts;
        this.encoder = encoder;
        this.throttle = throttle;
        this.dummyHash = encoder.encode("not-a-real-password-" + System.nanoTime());
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String email = authentication.getName().trim().toLowerCase(Locale.ROOT);
        String password = String.valueOf(authentication.getCredentials());
        String address = authentication.getDetails() instanceof WebAuthenticationDetails details
                ? details.getRemoteAddress() : "unknown";
        var locked = throttle.lockedFor(email, address);
        if (locked.isPresent()) {
            throw new LoginLockedException(locked.get());
        }
        Optional<StaffLogin> login = accounts.findLogin(email);
        boolean matches = encoder.matches(password, login.map(StaffLogin::passwordHash).orElse(dummyHash));
        if (login.isEmpty() || !matches || login.get().disabled()) {
            throttle.failed(email, address);
            throw new BadCredentialsException("Bad credentials");
        }
        throttle.succeeded(email, address);
        return new ActorAuthentication(login.get().toActor());
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
