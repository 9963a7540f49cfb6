package io.footbridge.platform.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.util.List;

/**
 * @param maxBodySize the largest request body the API reads; larger ones get 413 before any work is done
 * @param uploadPaths POST paths that stream a file to disk and enforce their own, larger limit (CSV imports, by
 *                    the API and the console)
 */
@ConfigurationProperties("footbridge.api")
record ApiProperties(@DefaultValue("2MB") DataSize maxBodySize,
                     @DefaultValue({"/api/v1/imports/*", "/console/data/imports"}) List<String> uploadPaths) {
}
