package io.footbridge.capture;

import java.util.List;

/** Reads the capture log in sequence order, for modules that follow it with a cursor. */
public interface CaptureLog {

    List<CapturedEvent> readAfter(long sequence, int limit);
}
