package io.footbridge.capture.touchpoint;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

record TouchpointRequest(
        @NotBlank @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}",
                message = "must be 1-64 letters, digits, '.', ':', '_' or '-', starting with a letter or digit")
        String code,
        @NotNull TouchpointType type,
        @Size(max = 32) String store,
        @NotBlank @Size(max = 200) String label,
        @NotNull JourneyStage stage) {
}
