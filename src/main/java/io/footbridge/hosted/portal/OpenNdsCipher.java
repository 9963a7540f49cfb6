package io.footbridge.hosted.portal;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;

/**
 * openNDS's encrypted FAS query (levels 2 and 3): PHP's {@code openssl_encrypt} with AES-256-CBC, the faskey as the
 * key (cut or padded with zero bytes to 32, as PHP does) and the 16 characters of {@code iv} as the IV; the cipher
 * text is base64 twice (once by {@code openssl_encrypt}, once by the gateway). Only a gateway that knows the faskey
 * can make a query that decrypts to parameters.
 */
final class OpenNdsCipher {

    private OpenNdsCipher() {
    }

    /** The plain query, or null when it is not base64 or not encrypted with this faskey. */
    static String decrypt(String fas, String iv, String faskey) {
        if (faskey == null) {
            return null;
        }
        try {
            byte[] once = Base64.getDecoder().decode(fas.strip());
            byte[] cipherText = Base64.getDecoder().decode(new String(once, StandardCharsets.US_ASCII).strip());
            Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
            cipher.init(Cipher.DECRYPT_MODE, key(faskey), new IvParameterSpec(iv.getBytes(StandardCharsets.US_ASCII)));
            return new String(cipher.doFinal(cipherText), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException | GeneralSecurityException notOurs) {
            return null;
        }
    }

    private static SecretKeySpec key(String faskey) {
        return new SecretKeySpec(Arrays.copyOf(faskey.getBytes(StandardCharsets.UTF_8), 32), "AES");
    }
}
