package io.footbridge.hosted.tracker;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** @param domain the site's host ({@code shop.example.com}); its subdomains count as the same site */
record WebSiteRequest(@NotBlank @Size(max = 253) String domain, @NotBlank @Size(max = 200) String label) {
}
