package io.footbridge.offers.coupon;

import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import io.footbridge.platform.Barcodes;

/**
 * A code as scanners at the till read it: a QR code and a Code 128 barcode, both holding the code itself (not a
 * link), so any scanner that types into the POS enters it.
 */
final class CouponImages {

    private CouponImages() {
    }

    static byte[] qrPng(String code, int size) {
        return Barcodes.png(Barcodes.qr(code, size, ErrorCorrectionLevel.M, false));
    }

    static String qrSvg(String code) {
        BitMatrix matrix = Barcodes.qr(code, 0, ErrorCorrectionLevel.M, false);
        return Barcodes.svg(matrix, "QR code " + code, matrix.getHeight(), null);
    }

    /** A Code 128 barcode {@code height} pixels tall, each bar {@code module} pixels wide. */
    static byte[] barcodePng(String code, int module, int height) {
        BitMatrix bars = Barcodes.code128(code);
        BitMatrix scaled = new BitMatrix(bars.getWidth() * module, height);
        for (int x = 0; x < bars.getWidth(); x++) {
            if (bars.get(x, 0)) {
                scaled.setRegion(x * module, 0, module, height);
            }
        }
        return Barcodes.png(scaled);
    }

    static String barcodeSvg(String code) {
        // stretched to whatever box the page gives it: bars keep their proportions across, height is free
        return Barcodes.svg(Barcodes.code128(code), "Barcode " + code, 1, null).replaceFirst("<svg ",
                "<svg width=\"100%\" height=\"100%\" preserveAspectRatio=\"none\" ");
    }
}
