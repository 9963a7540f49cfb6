/**
 * Capture: touchpoints, the events API (single and batch, idempotent), POS transactions and the failed-events
 * store. Raw events go into the append-only {@code capture_event} table in batches; other modules get one coarse
 * {@link io.footbridge.capture.TouchpointsCaptured} per write and read the log with {@link io.footbridge.capture.CaptureLog}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Capture",
        allowedDependencies = {"platform", "bench"})
package io.footbridge.capture;
