package io.footbridge.platform.apikey;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ApiKeySecretTest {

    @Test
    void generatedSecretsParseBackAndMatchOnlyTheirOwnHash() {
        ApiKeySecret secret = ApiKeySecret.generate();
        ApiKeySecret other = ApiKeySecret.generate();

        ApiKeySecret parsed = ApiKeySecret.parse(secret.value()).orElseThrow();

        assertThat(parsed.lookupId()).isEqualTo(secret.lookupId());
        assertThat(parsed.matches(secret.hash())).isTrue();
        assertThat(parsed.matches(other.hash())).isFalse();
        assertThat(secret.hash()).hasSize(64).doesNotContain(secret.value());
    }

    @Test
    void secretsAreUnique() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            assertThat(seen.add(ApiKeySecret.generate().value())).isTrue();
        }
    }

    @Test
    void malformedSecretsDoNotParse() {
        assertThat(ApiKeySecret.parse("")).isEmpty();
        assertThat(ApiKeySecret.parse("fbk_short_x")).isEmpty();
        assertThat(ApiKeySecret.parse("Bearer fbk_aaaaaaaaaaaaaaaa_" + "A".repeat(43))).isEmpty();
        assertThat(ApiKeySecret.parse("fbk_aaaaaaaaaaaaaaaa_" + "A".repeat(43))).isPresent();
    }
}
