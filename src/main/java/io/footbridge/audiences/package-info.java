/**
 * Audiences: segments (named rules over what people did and said: events, spend, consents, traits, other segments)
 * with live membership kept as events arrive and as time windows pass, campaigns sent to them, and hashed audience
 * exports for ad platforms. Other modules use {@link io.footbridge.audiences.Segments} and react to
 * {@link io.footbridge.audiences.SegmentEntered} and {@link io.footbridge.audiences.SegmentLeft}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Audiences",
        allowedDependencies = {"platform", "analytics", "capture", "consent", "identity", "loyalty", "messaging",
                "offers", "bench"})
package io.footbridge.audiences;
