package io.footbridge.platform;

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
import java.util.HashMap;
import java.util.Map;

/** QR codes and Code 128 barcodes, encoded by ZXing and written as PNG or as small SVG: the one writer for both. */
public final class Barcodes {

    /** The quiet zone the QR specification asks for, in modules. */
    private static final int QR_QUIET_ZONE = 4;
    /** Code 128 asks for ten modules of blank on either side. */
    private static final int BARCODE_QUIET_ZONE = 10;

    private Barcodes() {
    }

    /**
     * @param size        pixels a side, or 0 for one pixel per module
     * @param declareUtf8 whether to mark the content as UTF-8 (links may carry any text); codes typed into a till
     *                    leave it out, since some scanners do not understand the marker
     */
    public static BitMatrix qr(String content, int size, ErrorCorrectionLevel level, boolean declareUtf8) {
        Map<EncodeHintType, Object> hints = new HashMap<>(Map.of(EncodeHintType.ERROR_CORRECTION, level,
                EncodeHintType.MARGIN, QR_QUIET_ZONE));
        if (declareUtf8) {
            hints.put(EncodeHintType.CHARACTER_SET, "UTF-8");
        }
        try {
            return new QRCodeWriter().encode(content, BarcodeFormat.QR_CODE, size, size, hints);
        } catch (WriterException e) {
            // only for content beyond a QR code's capacity, which links and codes never reach
            throw new IllegalStateException("QR encoding failed", e);
        }
    }

    /** A Code 128 barcode one pixel per module wide and one tall. */
    public static BitMatrix code128(String code) {
        return new Code128Writer().encode(code, BarcodeFormat.CODE_128, 0, 1,
                Map.of(EncodeHintType.MARGIN, BARCODE_QUIET_ZONE));
    }

    public static byte[] png(BitMatrix matrix) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            MatrixToImageWriter.writeToStream(matrix, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * One module per SVG unit, each row's dark runs as one rectangle, so the file stays small.
     *
     * @param label  what a screen reader says
     * @param height the view box's height (the matrix's, or 1 for a barcode stretched to its box)
     * @param size   pixels a side, or null to fill whatever box the page gives it
     */
    public static String svg(BitMatrix matrix, String label, int height, Integer size) {
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
        String dimensions = size == null ? "" : " width=\"" + size + "\" height=\"" + size + "\"";
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + matrix.getWidth() + " " + height + "\""
                + dimensions + " shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"" + label + "\">"
                + "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>"
                + "<path fill=\"#000\" d=\"" + path + "\"/></svg>";
    }
}
