package io.footbridge.platform;

import java.util.UUID;

/**
 * How a tenant's hosted pages look and speak: the name customers know, a logo, colours that pass a contrast check,
 * the language of built-in texts. {@code onPrimary} is the text colour for buttons, black or white, whichever
 * reads better on {@code primaryColor}.
 */
public record Brand(UUID tenantId, String name, String logoUrl, String primaryColor, String onPrimary,
                    String backgroundColor, String textColor, String language, String privacyUrl) {
}
