package io.footbridge.messaging.outbound;

import io.footbridge.capture.EventRecorder;
import io.footbridge.hosted.WebLinks;
import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Footbridge's own redirect and open pixel in messages. A click is counted, put on the person's timeline and sent on
 * to the link; a link to the tenant's own web site carries a token that lets the web tracker know who arrived.
 */
@RestController
@Hidden
class TrackingController {

    private static final byte[] PIXEL = Base64.getDecoder().decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

    private final MessageRepository repository;
    private final DeliveryReports reports;
    private final WebLinks webLinks;
    private final EventRecorder recorder;
    private final JsonMapper json;

    TrackingController(MessageRepository repository, DeliveryReports reports, WebLinks webLinks,
                       EventRecorder recorder, JsonMapper json) {
        this.repository = repository;
        this.reports = reports;
        this.webLinks = webLinks;
        this.recorder = recorder;
        this.json = json;
    }

    private static ResponseEntity<String> notFound() {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.TEXT_HTML)
                .body("<!DOCTYPE html><meta charset=utf-8><meta name=viewport content=\"width=device-width\">"
                        + "<title>Link not found</title><p style=\"font:1.1rem system-ui;margin:2rem\">"
                        + "This link is not (or no longer) available.</p>");
    }

    @GetMapping("/m/o/{track}.gif")
    @Transactional
    ResponseEntity<byte[]> open(@PathVariable String track) {
        if (track.length() <= 32) {
            repository.byTrack(track).filter(m -> m.to() != null)
                    .ifPresent(m -> reports.report(m, Message.OPENED, Instant.now(), null, "open"));
        }
        return ResponseEntity.ok().contentType(MediaType.IMAGE_GIF).cacheControl(CacheControl.noStore()).body(PIXEL);
    }

    @GetMapping("/m/c/{code}")
    @Transactional
    ResponseEntity<String> click(@PathVariable String code) {
        Optional<MessageRepository.Link> link = code.length() <= 16 ? repository.link(code) : Optional.empty();
        Optional<Message> message = link.flatMap(l -> repository.find(l.tenantId(), l.messageId()));
        if (link.isEmpty() || message.isEmpty() || message.get().to() == null) {
            return notFound();
        }
        Message m = message.get();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        repository.countClick(code, now);
        if (reports.report(m, Message.CLICKED, now, link.get().url(), "click:" + code)) {
            String identifiers = json.writeValueAsString(Map.of(m.channel().addressType(), m.to()));
            String properties = json.writeValueAsString(Map.of("messageId", m.id().toString(), "url",
                    link.get().url(), "channel", m.channel().value(), "template", String.valueOf(m.template()),
                    "origin", m.origin()));
            recorder.record(m.tenantId(), "messaging", List.of(new EventRecorder.NewEvent("message-click:" + code,
                    "message.clicked", now, m.storeId(), null, identifiers, properties)));
        }
        String target = webLinks.identifying(m.tenantId(), link.get().url(),
                Map.of(m.channel().addressType(), m.to())).orElse(link.get().url());
        URI location;
        try {
            location = URI.create(target);
        } catch (IllegalArgumentException notAUrl) {
            return notFound();
        }
        return ResponseEntity.status(HttpStatus.FOUND).location(location).cacheControl(CacheControl.noStore()).build();
    }
}
