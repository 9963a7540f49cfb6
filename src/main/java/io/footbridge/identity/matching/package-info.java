/**
 * Batch resolution of customer files: the {@code resolve} command and its benchmark, exposed for the command line.
 * It needs no database, so the application's {@code main} runs it without starting Spring.
 */
@org.springframework.modulith.NamedInterface("batch")
package io.footbridge.identity.matching;
