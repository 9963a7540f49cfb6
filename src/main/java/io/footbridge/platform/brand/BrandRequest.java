package io.footbridge.platform.brand;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

record BrandRequest(@NotBlank @Size(max = 100) String name,
                    @Size(max = 2000) @Pattern(regexp = "https://\\S+", message = "must be an https URL") String logoUrl,
                    @Pattern(regexp = Colours.HEX, message = "must be a colour such as #1a56db") String primaryColor,
                    @Pattern(regexp = Colours.HEX, message = "must be a colour such as #ffffff") String backgroundColor,
                    @Pattern(regexp = Colours.HEX, message = "must be a colour such as #1a1a1a") String textColor,
                    @Pattern(regexp = "en|de", message = "must be en or de") String language,
                    @Size(max = 2000) @Pattern(regexp = "https?://\\S+", message = "must be an http(s) URL")
                    String privacyUrl) {
}
