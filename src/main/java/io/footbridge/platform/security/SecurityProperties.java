package io.footbridge.platform.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * @param loginMaxFailures      failed logins for one account from one address before it is locked out
 * @param loginMaxFailuresPerIp failed logins from one address across all accounts before the address is locked out
 * @param loginLockout          how long a lock-out lasts
 */
@ConfigurationProperties("footbridge.security")
record SecurityProperties(@DefaultValue("5") int loginMaxFailures,
                          @DefaultValue("50") int loginMaxFailuresPerIp,
                          @DefaultValue("15m") Duration loginLockout) {
}
