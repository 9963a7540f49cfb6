package io.footbridge.hosted.portal;

import org.springframework.http.HttpStatus;

/** Why the portal cannot go on, told to the guest as a page: a message key and a status. */
class PortalProblem extends RuntimeException {

    private final String messageKey;
    private final HttpStatus status;

    PortalProblem(String messageKey, HttpStatus status, String why) {
        super(why);
        this.messageKey = messageKey;
        this.status = status;
    }

    static PortalProblem badRequest(String why) {
        return new PortalProblem("wifi.problem.badRequest", HttpStatus.BAD_REQUEST, why);
    }

    String messageKey() {
        return messageKey;
    }

    HttpStatus status() {
        return status;
    }
}
