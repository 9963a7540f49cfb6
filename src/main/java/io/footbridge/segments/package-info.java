/**
 * Segments: named rules over what people did and said (events, spend, consents, traits, other segments), with live
 * membership kept as events arrive and as time windows pass, and hashed audience exports for ad platforms. Other
 * modules use {@link io.footbridge.segments.Segments} and react to {@link io.footbridge.segments.SegmentEntered} and
 * {@link io.footbridge.segments.SegmentLeft}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Segments")
package io.footbridge.segments;
