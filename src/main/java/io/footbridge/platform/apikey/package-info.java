/**
 * API keys: issued, listed, rotated and revoked by tenant admins through {@link io.footbridge.platform.apikey.ApiKeyService},
 * which the API and the console both use; the secret is shown in {@link io.footbridge.platform.apikey.IssuedApiKey} only.
 */
@org.springframework.modulith.NamedInterface("apikeys")
package io.footbridge.platform.apikey;
