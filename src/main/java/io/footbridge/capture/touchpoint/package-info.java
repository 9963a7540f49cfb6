/**
 * The touchpoint registry: the hosted pages register and look up their touchpoints here.
 */
@org.springframework.modulith.NamedInterface("touchpoints")
package io.footbridge.capture.touchpoint;
