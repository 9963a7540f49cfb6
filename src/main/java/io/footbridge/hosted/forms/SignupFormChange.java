package io.footbridge.hosted.forms;

import jakarta.validation.constraints.Size;

/** A PATCH of a sign-up form; a changed text is a new wording version. */
record SignupFormChange(@Size(min = 1, max = 200) String title,
                        @Size(min = 1, max = 4000) String terms,
                        @Size(max = 1000) String marketingEmail,
                        @Size(max = 1000) String marketingSms,
                        @Size(max = 1000) String club) {
}
