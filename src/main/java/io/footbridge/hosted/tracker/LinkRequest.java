package io.footbridge.hosted.tracker;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;

import java.util.Map;

/**
 * @param url         where the link leads: a page of one of the tenant's tracked sites
 * @param identifiers who the link is sent to ({@code email}, {@code phone}, {@code loyaltyId})
 * @param days        how long the link identifies its reader (default 90)
 */
record LinkRequest(@NotBlank @Size(max = 2000) String url, @NotEmpty Map<String, String> identifiers, Integer days) {
}
