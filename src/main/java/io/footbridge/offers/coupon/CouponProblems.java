package io.footbridge.offers.coupon;

import io.footbridge.platform.ProblemException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The offers API's own problems: a guessing lock-out is a 429 with Retry-After, and a rejection raised deep in a
 * lookup is answered like any other problem. Ordered before the platform's handler, which catches everything.
 */
@RestControllerAdvice(assignableTypes = {CouponController.class, OfferController.class})
@Order(Ordered.HIGHEST_PRECEDENCE)
class CouponProblems {

    @ExceptionHandler(GuessThrottle.Locked.class)
    ResponseEntity<ProblemDetail> locked(GuessThrottle.Locked locked) {
        long seconds = locked.retryAfter.toSeconds();
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, "Too many unknown"
                + " coupon codes from these credentials, or starting like this one; retry in " + seconds + " seconds.");
        problem.setType(ProblemException.typeUri("too-many-code-guesses"));
        problem.setTitle("Too many unknown codes");
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).header("Retry-After", String.valueOf(seconds))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    @ExceptionHandler(Rejection.Raised.class)
    ResponseEntity<ProblemDetail> rejected(Rejection.Raised raised) {
        ProblemException ex = raised.rejection.problem(raised.getMessage());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(ex.status(), ex.getMessage());
        problem.setType(ProblemException.typeUri(ex.type()));
        problem.setTitle(ex.title());
        if (!ex.errors().isEmpty()) {
            problem.setProperty("errors", ex.errors());
        }
        return ResponseEntity.status(ex.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
