/**
 * Event ingestion for the hosted pages: {@code EventIngestion.append} of an already validated event.
 */
@org.springframework.modulith.NamedInterface("events")
package io.footbridge.capture.event;
