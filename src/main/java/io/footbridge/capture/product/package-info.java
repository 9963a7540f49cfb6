/**
 * The product catalogue, read by the hosted pages for product placements.
 */
@org.springframework.modulith.NamedInterface("products")
package io.footbridge.capture.product;
