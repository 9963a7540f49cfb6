/**
 * CSV imports: {@link io.footbridge.capture.imports.ImportJobs} takes an upload and runs it in the background; its
 * {@link io.footbridge.capture.imports.ImportJob} tells how far it got and its row errors why rows were left out.
 * The API and the console both use it.
 */
@org.springframework.modulith.NamedInterface("imports")
package io.footbridge.capture.imports;
