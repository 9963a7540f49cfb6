package io.footbridge.hosted.portal;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * The words a guest agrees to; a marketing text left out means that consent is not asked for. {@code club} asks for
 * the loyalty club's own messages apart from marketing, on the channel of the contact the guest gives.
 */
record WordingRequest(@NotBlank @Size(max = 4000) String terms,
                      @Size(max = 1000) String marketingEmail,
                      @Size(max = 1000) String marketingSms,
                      @Size(max = 1000) String club) {
}
