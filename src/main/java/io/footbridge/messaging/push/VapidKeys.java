package io.footbridge.messaging.push;

import org.springframework.stereotype.Component;

/**
 * The installation's VAPID key pair (RFC 8292): push services check each message's token with its public key, and a
 * browser's subscription is bound to it, so it is made once, on first use, and kept in the database, where every
 * node reads the same pair. Changing it would silence every subscription made so far.
 */
@Component
class VapidKeys {

    private static final String NAME = "default";

    private final PushRepository repository;
    private volatile com.interaso.webpush.VapidKeys keys;

    VapidKeys(PushRepository repository) {
        this.repository = repository;
    }

    com.interaso.webpush.VapidKeys keys() {
        com.interaso.webpush.VapidKeys current = keys;
        if (current == null) {
            if (repository.key(NAME).isEmpty()) {
                com.interaso.webpush.VapidKeys fresh = com.interaso.webpush.VapidKeys.generate();
                // the first node to get here makes the pair; the others read the same one
                repository.insertKey(NAME, new PushRepository.KeyPair(fresh.getX509PublicKey(),
                        fresh.getPkcs8PrivateKey()));
            }
            PushRepository.KeyPair stored = repository.key(NAME).orElseThrow();
            current = com.interaso.webpush.VapidKeys.create(stored.publicKey(), stored.privateKey());
            keys = current;
        }
        return current;
    }

    /** The public key as the browser takes it: the uncompressed point, base64url without padding. */
    String applicationServerKey() {
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(keys().getApplicationServerKey());
    }
}
