package io.footbridge.hosted.tracker;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;

/** What a business's web pages load and send: the snippet, page views, and the no-script pixel. */
@RestController
@Hidden
class TrackerController {

    private static final int MAX_VIEW = 8 * 1024;
    private static final byte[] PIXEL = Base64.getDecoder().decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

    private final WebTracking tracking;
    private final JsonMapper json;
    private final String snippet;

    TrackerController(WebTracking tracking, JsonMapper json) {
        this.tracking = tracking;
        this.json = json;
        try {
            this.snippet = new ClassPathResource("tracker/t.js").getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @GetMapping(value = "/t.js", produces = "text/javascript;charset=UTF-8")
    ResponseEntity<String> script() {
        return ResponseEntity.ok().cacheControl(CacheControl.maxAge(Duration.ofHours(1)).cachePublic())
                .contentType(MediaType.valueOf("text/javascript;charset=UTF-8")).body(snippet);
    }

    /** Sent by the snippet as text/plain, so that browsers need no preflight for another origin. */
    @PostMapping(value = "/t/collect", consumes = {MediaType.TEXT_PLAIN_VALUE, MediaType.APPLICATION_JSON_VALUE})
    ResponseEntity<Void> collect(@RequestBody(required = false) String body,
                                 @RequestHeader(name = HttpHeaders.ORIGIN, required = false) String origin,
                                 @RequestHeader(name = HttpHeaders.REFERER, required = false) String referer,
                                 @RequestHeader(name = HttpHeaders.USER_AGENT, required = false) String userAgent,
                                 HttpServletRequest request) {
        if (body == null || body.length() > MAX_VIEW) {
            return answer(HttpStatus.BAD_REQUEST, origin);
        }
        WebTracking.PageView view;
        try {
            view = json.readValue(body, WebTracking.PageView.class);
        } catch (JacksonException e) {
            return answer(HttpStatus.BAD_REQUEST, origin);
        }
        var refused = tracking.record(view, origin != null ? origin : referer, request.getRemoteAddr(), userAgent);
        return answer(refused.isEmpty() ? HttpStatus.NO_CONTENT
                : refused.get().equals("rate") ? HttpStatus.TOO_MANY_REQUESTS : HttpStatus.FORBIDDEN, origin);
    }

    /** For pages without scripts: the page is the referrer, the visitor a cookie of this host. */
    @GetMapping("/t/p.gif")
    ResponseEntity<byte[]> pixel(@RequestParam(required = false) String site,
                                 @RequestHeader(name = HttpHeaders.REFERER, required = false) String referer,
                                 @RequestHeader(name = HttpHeaders.USER_AGENT, required = false) String userAgent,
                                 @org.springframework.web.bind.annotation.CookieValue(name = "fb_aid", required = false)
                                 String visitor,
                                 HttpServletRequest request) {
        String aid = visitor != null && visitor.matches("[A-Za-z0-9-]{8,64}") ? visitor : UUID.randomUUID().toString();
        if (site != null && referer != null) {
            tracking.record(new WebTracking.PageView(site, aid, null, referer, null, null, null), referer,
                    request.getRemoteAddr(), userAgent);
        }
        ResponseCookie cookie = ResponseCookie.from("fb_aid", aid).path("/t/").maxAge(Duration.ofDays(730))
                .httpOnly(true).secure(request.isSecure()).sameSite(request.isSecure() ? "None" : "Lax").build();
        return ResponseEntity.ok().contentType(MediaType.IMAGE_GIF).cacheControl(CacheControl.noStore())
                .header(HttpHeaders.SET_COOKIE, cookie.toString()).body(PIXEL);
    }

    private static ResponseEntity<Void> answer(HttpStatus status, String origin) {
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(status);
        if (origin != null) {
            // the fetch fallback may read the answer; what it says is no secret
            answer.header(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin).header(HttpHeaders.VARY, HttpHeaders.ORIGIN);
        }
        return answer.build();
    }
}
