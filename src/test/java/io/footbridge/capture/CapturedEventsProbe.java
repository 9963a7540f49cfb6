package io.footbridge.capture;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Test-only listener that records the capture module's coarse events as other modules would receive them. */
@Component
public class CapturedEventsProbe {

    private final List<TouchpointsCaptured> received = new CopyOnWriteArrayList<>();

    @EventListener
    void on(TouchpointsCaptured event) {
        received.add(event);
    }

    public List<TouchpointsCaptured> received() {
        return received;
    }
}
