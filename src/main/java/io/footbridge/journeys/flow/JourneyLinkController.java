package io.footbridge.journeys.flow;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Pattern;

/** The shoppable links in journeys' messages: the click is recorded and the browser goes on to the shop. */
@RestController
@Hidden
class JourneyLinkController {

    /** Link previews and mail scanners follow links too; they are let through without counting as a click. */
    private static final Pattern BOT = Pattern.compile(
            "(?i)bot\\b|crawler|spider|slurp|facebookexternalhit|embedly|linkpreview|whatsapp|skypeuripreview");

    private final CrossSell crossSell;

    JourneyLinkController(CrossSell crossSell) {
        this.crossSell = crossSell;
    }

    @GetMapping("/j/{token}")
    ResponseEntity<Void> follow(@PathVariable String token, HttpServletRequest request,
                                @RequestHeader(name = HttpHeaders.USER_AGENT, required = false) String userAgent) {
        boolean human = !"HEAD".equals(request.getMethod()) && (userAgent == null || !BOT.matcher(userAgent).find());
        // a link whose page cannot be reached answers as an unknown one: the customer's click never meets a 500
        return crossSell.follow(token, human, Instant.now().truncatedTo(ChronoUnit.MICROS))
                .flatMap(f -> location(f.target()))
                .map(target -> ResponseEntity.status(HttpStatus.FOUND).location(target)
                        .header(HttpHeaders.CACHE_CONTROL, "no-store").<Void>build())
                .orElseGet(() -> ResponseEntity.notFound().build());
    }

    private static Optional<URI> location(String target) {
        try {
            return Optional.of(URI.create(target));
        } catch (IllegalArgumentException unusable) {
            return Optional.empty();
        }
    }
}
