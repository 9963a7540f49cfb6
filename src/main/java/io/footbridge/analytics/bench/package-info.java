/**
 * The {@code bench analytics} command, exposed for the command line: it fills PostgreSQL and times a running server
 * over HTTP, so the application's {@code main} runs it without starting Spring.
 */
@org.springframework.modulith.NamedInterface("bench")
package io.footbridge.analytics.bench;
