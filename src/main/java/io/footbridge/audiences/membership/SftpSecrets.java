package io.footbridge.audiences.membership;

import io.footbridge.platform.Signatures;
import org.springframework.stereotype.Component;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Seals an SFTP destination's password or private key for its row (AES-256-GCM, a fresh nonce each time), with a
 * key derived from the installation's signing key: a copy of the destination table alone, a log line or an export
 * of it does not give the secret away.
 */
@Component
class SftpSecrets {

    private static final String PURPOSE = "audience-file-sftp-secret";
    private static final int NONCE = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Signatures signatures;

    SftpSecrets(Signatures signatures) {
        this.signatures = signatures;
    }

    String seal(String secret) {
        try {
            byte[] nonce = new byte[NONCE];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key(), new GCMParameterSpec(128, nonce));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(NONCE + sealed.length).put(nonce)
                    .put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    String open(String sealed) {
        try {
            byte[] all = Base64.getDecoder().decode(sealed);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key(), new GCMParameterSpec(128, all, 0, NONCE));
            return new String(cipher.doFinal(all, NONCE, all.length - NONCE), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("The SFTP secret cannot be opened with this installation's key", e);
        }
    }

    private SecretKeySpec key() {
        // the digest is an HMAC-SHA256 under the installation's key: 32 bytes, the same on every node
        byte[] key = Base64.getUrlDecoder().decode(signatures.digest(PURPOSE, "key"));
        return new SecretKeySpec(key, "AES");
    }
}
