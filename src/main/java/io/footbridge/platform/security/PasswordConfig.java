package io.footbridge.platform.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

import java.util.Map;

@Configuration(proxyBeanMethods = false)
class PasswordConfig {

    /** Argon2id for new hashes; the prefix in each stored hash keeps older ones verifiable after an upgrade. */
    @Bean
    PasswordEncoder passwordEncoder() {
        String current = "argon2@SpringSecurity_v5_8";
        return new DelegatingPasswordEncoder(current, Map.of(
                current, Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8(),
                "bcrypt", new BCryptPasswordEncoder()));
    }
}
