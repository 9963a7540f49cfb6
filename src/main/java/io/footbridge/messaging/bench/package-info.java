/**
 * The {@code bench messages} command; the application's entry point starts its local SMTP server before the
 * application itself, so this package is named for it.
 */
@org.springframework.modulith.NamedInterface("bench")
package io.footbridge.messaging.bench;
