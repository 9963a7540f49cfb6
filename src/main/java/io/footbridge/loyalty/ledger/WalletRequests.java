package io.footbridge.loyalty.ledger;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** The bodies that configure a tenant's wallet issuers. */
final class WalletRequests {

    private WalletRequests() {
    }

    /**
     * @param issuerId            the Google Wallet issuer id (digits, from the Pay &amp; Wallet console)
     * @param serviceAccountEmail the service account that may issue for it
     * @param privateKeyPem       that account's key, as {@code private_key} in its JSON key file
     */
    record GoogleIssuer(@NotBlank @Size(max = 32) String issuerId,
                        @NotBlank @Size(max = 320) String serviceAccountEmail,
                        @NotBlank @Size(max = 20000) String privateKeyPem) {
    }

    /**
     * @param passTypeId  the Pass Type ID the certificate was made for ({@code pass.com.example.loyalty})
     * @param teamId      the Apple developer team id
     * @param certificate the PKCS#12 file (certificate, its key and Apple's WWDR intermediate), base64
     * @param password    its password
     */
    record AppleIssuer(@NotBlank @Size(max = 255) String passTypeId, @NotBlank @Size(max = 10) String teamId,
                       @NotBlank @Size(max = 100000) String certificate, @Size(max = 1000) String password) {
    }
}
