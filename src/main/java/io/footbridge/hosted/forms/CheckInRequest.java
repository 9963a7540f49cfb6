package io.footbridge.hosted.forms;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** @param ticket the ticket's token, or the whole URL its QR code holds */
record CheckInRequest(@NotBlank @Size(max = 2000) String ticket) {
}
