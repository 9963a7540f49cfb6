/**
 * Customer lifetime value: the BG/NBD and Gamma-Gamma models and the {@code clv} command, exposed for the command
 * line. It needs no database, so the application's {@code main} runs it without starting Spring.
 */
@org.springframework.modulith.NamedInterface("clv")
package io.footbridge.analytics.clv;
