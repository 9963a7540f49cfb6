package io.footbridge.platform.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/** @param maxBodySize the largest request body the API reads; larger ones get 413 before any work is done */
@ConfigurationProperties("footbridge.api")
record ApiProperties(@DefaultValue("2MB") DataSize maxBodySize) {
}
