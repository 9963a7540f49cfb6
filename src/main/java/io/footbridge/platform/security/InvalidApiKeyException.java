package io.footbridge.platform.security;

import org.springframework.security.core.AuthenticationException;

class InvalidApiKeyException extends AuthenticationException {

    InvalidApiKeyException() {
        super("Invalid API key");
    }
}
