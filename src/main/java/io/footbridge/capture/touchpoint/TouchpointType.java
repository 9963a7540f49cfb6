package io.footbridge.capture.touchpoint;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

public enum TouchpointType {
    POS_REGISTER, QR_CODE, NFC_TAG, WIFI_PORTAL, KIOSK, EVENT, WEB, APP, BEACON, RECEIPT, SURVEY, OTHER;

    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    static TouchpointType of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
