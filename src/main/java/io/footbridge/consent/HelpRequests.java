package io.footbridge.consent;

import java.time.Instant;
import java.util.UUID;

/**
 * Whether a person just asked for help by keyword. Carriers require HELP to be answered even after STOP, so the gate
 * lets that one answer through a withdrawal; the module that receives messages knows whether the request is real.
 */
public interface HelpRequests {

    /** The prefix of {@link ConsentGate.Ask#acknowledges()} for the answer to HELP, followed by the inbound id. */
    String PREFIX = "help:";

    /**
     * @return whether {@code inboundId} is a HELP keyword the tenant received from {@code address} on {@code channel}
     * at or after {@code since}
     */
    boolean askedForHelp(UUID tenantId, UUID inboundId, Channel channel, String address, Instant since);
}
