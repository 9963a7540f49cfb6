package io.footbridge.audiences.membership;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;

/**
 * @param filesDirectory where scheduled audience files are written, a folder per tenant and destination below it
 */
@ConfigurationProperties("footbridge.audiences")
record AudienceFileProperties(@DefaultValue("data/audience-files") Path filesDirectory) {
}
