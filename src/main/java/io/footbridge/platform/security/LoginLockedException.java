package io.footbridge.platform.security;

import org.springframework.security.core.AuthenticationException;

import java.time.Duration;

class LoginLockedException extends AuthenticationException {

    private final Duration retryAfter;

    LoginLockedException(Duration retryAfter) {
        super("Too many failed logins");
        this.retryAfter = retryAfter;
    }

    Duration retryAfter() {
        return retryAfter;
    }
}
