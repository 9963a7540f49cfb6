package io.footbridge.offers.coupon;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.oned.Code128Writer;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * A code as scanners at the till read it, drawn by ZXing: a QR code and a Code 128 barcode, both holding the code
 * itself (not a link), so any scanner that types into the POS enters it.
 */
final class CouponImages {

    private static final int QR_QUIET_ZONE = 4;
    /** Code 128 asks for ten modules of blank on either side. */
    private static final int BARCODE_QUIET_ZONE = 10;

    private CouponImages() {
    }

    static byte[] qrPng(String code, int size) {
        return png(qr(code, size));
    }

    static String qrSvg(String code) {
        BitMatrix matrix = qr(code, 0);
        return svg(matrix, "QR code " + code, matrix.getHeight());
    }

    /** A Code 128 barcode {@code height} pixels tall, each bar {@code module} pixels wide. */
    static byte[] barcodePng(String code, int module, int height) {
        BitMatrix bars = barcode(code);
        BitMatrix scaled = new BitMatrix(bars.getWidth() * module, height);
        for (int x = 0; x < bars.getWidth(); x++) {
            if (bars.get(x, 0)) {
                scaled.setRegion(x * module, 0, module, height);
            }
        }
        return png(scaled);
    }

    static String barcodeSvg(String code) {
        BitMatrix bars = barcode(code);
        BitMatrix tall = new BitMatrix(bars.getWidth(), 1);
        for (int x = 0; x < bars.getWidth(); x++) {
            if (bars.get(x, 0)) {
                tall.set(x, 0);
            }
        }
        // stretched to whatever box the page gives it: bars keep their proportions across, height is free
        return svg(tall, "Barcode " + code, 1).replaceFirst("<svg ",
                "<svg width=\"100%\" height=\"100%\" preserveAspectRatio=\"none\" ");
    }

    private static BitMatrix qr(String code, int size) {
        try {
            return new QRCodeWriter().encode(code, BarcodeFormat.QR_CODE, size, size, Map.of(
                    EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, QR_QUIET_ZONE));
        } catch (WriterException e) {
            throw new IllegalStateException("QR encoding failed", e); // a code of 32 characters always fits
        }
    }

    private static BitMatrix barcode(String code) {
        return new Code128Writer().encode(code, BarcodeFormat.CODE_128, 0, 1,
                Map.of(EncodeHintType.MARGIN, BARCODE_QUIET_ZONE));
    }

    private static byte[] png(BitMatrix matrix) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            MatrixToImageWriter.writeToStream(matrix, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** One module per unit, each row's dark runs as one rectangle, so the file stays small. */
    private static String svg(BitMatrix matrix, String label, int height) {
        StringBuilder path = new StringBuilder();
        for (int y = 0; y < matrix.getHeight(); y++) {
            int x = 0;
            while (x < matrix.getWidth()) {
                if (!matrix.get(x, y)) {
                    x++;
                    continue;
                }
                int start = x;
                while (x < matrix.getWidth() && matrix.get(x, y)) {
                    x++;
                }
                path.append('M').append(start).append(',').append(y).append('h').append(x - start).append("v1h")
                        .append(start - x).append('z');
            }
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + matrix.getWidth() + " " + height + "\""
                + " shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"" + label + "\">"
                + "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>"
                + "<path fill=\"#000\" d=\"" + path + "\"/></svg>";
    }
}
