package io.footbridge.platform.web;

import org.springframework.util.unit.DataSize;

import java.io.IOException;

/** Thrown while reading a body without a Content-Length once it passes the limit. */
class PayloadTooLargeException extends IOException {

    private final DataSize limit;

    PayloadTooLargeException(DataSize limit) {
        super("Request body exceeds " + limit);
        this.limit = limit;
    }

    DataSize limit() {
        return limit;
    }
}
