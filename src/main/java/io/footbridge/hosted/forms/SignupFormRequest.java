package io.footbridge.hosted.forms;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A hosted loyalty sign-up form.
 *
 * @param program what the customer joins, as the {@code loyalty.signup} event names it
 * @param terms   the club's terms the customer accepts
 * @param club    the question for the club's own messages (points about to lapse, a birthday bonus), asked apart
 *                from the shop's marketing; a tick grants them by e-mail, and by SMS when a phone is given
 */
record SignupFormRequest(@Size(max = 32) String store,
                         @NotBlank @Size(max = 200) String title,
                         @NotBlank @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9_.-]*",
                                 message = "must be letters, digits, '.', '_' or '-'") String program,
                         @NotBlank @Size(max = 4000) String terms,
                         @Size(max = 1000) String marketingEmail,
                         @Size(max = 1000) String marketingSms,
                         @Size(max = 1000) String club) {
}
