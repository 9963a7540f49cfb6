package io.footbridge.platform;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * How a tenant's hosted pages look and speak: the name customers know, a logo, colours that pass a contrast check,
 * the language of built-in texts. {@code onPrimary} is the text colour for buttons, black or white, whichever
 * reads better on {@code primaryColor}. Colours are always {@code #rrggbb}: pages write them into their style sheets
 * as they are.
 */
public record Brand(UUID tenantId, String name, String logoUrl, String primaryColor, String onPrimary,
                    String backgroundColor, String textColor, String language, String privacyUrl) {

    private static final Pattern COLOUR = Pattern.compile("#[0-9a-fA-F]{6}");

    public Brand {
        for (String colour : new String[]{primaryColor, onPrimary, backgroundColor, textColor}) {
            if (colour == null || !COLOUR.matcher(colour).matches()) {
                throw new IllegalArgumentException("a brand colour must be #rrggbb");
            }
        }
    }
}
