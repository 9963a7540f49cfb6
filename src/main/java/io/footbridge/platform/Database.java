package io.footbridge.platform;

/**
 * Which database the application runs on, decided once from the connection's metadata: the place to ask before
 * using a dialect's own SQL (PostgreSQL's {@code COPY}, {@code ON CONFLICT}, settings), instead of reading the
 * product name again.
 */
public interface Database {

    /** True on PostgreSQL, false on the embedded H2. */
    boolean postgres();

    /** The product and version, for benchmark reports and logs. */
    String description();
}
