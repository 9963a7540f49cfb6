package io.footbridge.platform.tenant;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The installation admin created on first start.
 *
 * @param email      FOOTBRIDGE_ADMIN_EMAIL; admin@footbridge.local when not set
 * @param password   FOOTBRIDGE_ADMIN_PASSWORD; generated and printed once when not set
 * @param tenantName the first tenant's name
 */
@ConfigurationProperties("footbridge.admin")
record AdminProperties(String email, String password, @DefaultValue("My brand") String tenantName) {
}
