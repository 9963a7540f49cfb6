package io.footbridge.platform.staff;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A staff member as the API shows it: never with the password hash. */
public record StaffUser(UUID id, String email, String name, Role role, List<String> storeCodes,
                        boolean installationAdmin, Instant createdAt, Instant updatedAt, Instant disabledAt) {
}
