package io.footbridge.capture;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** Test-only listener that records the capture module's coarse events as other modules would receive them. */
@Component
public class CapturedEventsProbe {

    /** Holds the next write of one tenant inside its transaction, on the thread that writes it, until released. */
    public static final class Hold implements AutoCloseable {
        private final UUID tenantId;
        private final CountDownLatch reached = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        private Hold(UUID tenantId) {
            this.tenantId = tenantId;
        }

        /** Waits until the held write has come as far as announcing itself. */
        public boolean awaitReached() throws InterruptedException {
            return reached.await(30, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            released.countDown();
        }
    }

    private final List<TouchpointsCaptured> received = new CopyOnWriteArrayList<>();
    private final AtomicReference<Hold> hold = new AtomicReference<>();

    @EventListener
    void on(TouchpointsCaptured event) throws InterruptedException {
        received.add(event);
        Hold held = hold.get();
        if (held != null && held.tenantId.equals(event.tenantId()) && hold.compareAndSet(held, null)) {
            held.reached.countDown();
            held.released.await(30, TimeUnit.SECONDS);
        }
    }

    public List<TouchpointsCaptured> received() {
        return received;
    }

    /** Holds the next write that captures events of this tenant; close the hold to let it commit. */
    public Hold hold(UUID tenantId) {
        Hold held = new Hold(tenantId);
        if (!hold.compareAndSet(null, held)) {
            throw new IllegalStateException("a write is held already");
        }
        return held;
    }
}
