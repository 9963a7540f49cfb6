package io.footbridge.hosted.placement;

import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import io.footbridge.platform.Barcodes;

/** QR images of a short link: PNG at a chosen size, SVG that scales to any. */
public final class QrCodes {

    private QrCodes() {
    }

    public static byte[] png(String content, int size, ErrorCorrectionLevel level) {
        return Barcodes.png(Barcodes.qr(content, size, level, true));
    }

    public static String svg(String content, ErrorCorrectionLevel level, Integer size) {
        var matrix = Barcodes.qr(content, 0, level, true);
        return Barcodes.svg(matrix, "QR code", matrix.getHeight(), size);
    }
}
