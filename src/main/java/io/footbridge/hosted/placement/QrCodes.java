package io.footbridge.hosted.placement;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** QR images of a short link, drawn by ZXing: PNG at a chosen size, SVG that scales to any. */
public final class QrCodes {

    /** The quiet zone the QR specification asks for, in modules. */
    private static final int QUIET_ZONE = 4;

    private QrCodes() {
    }

    public static byte[] png(String content, int size, ErrorCorrectionLevel level) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            MatrixToImageWriter.writeToStream(encode(content, size, level), "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** One module per SVG unit, dark runs of a row as one rectangle each, so the file stays small. */
    public static String svg(String content, ErrorCorrectionLevel level, Integer size) {
        BitMatrix matrix = encode(content, 0, level);
        int width = matrix.getWidth();
        int height = matrix.getHeight();
        StringBuilder path = new StringBuilder();
        for (int y = 0; y < height; y++) {
            int x = 0;
            while (x < width) {
                if (!matrix.get(x, y)) {
                    x++;
                    continue;
                }
                int start = x;
                while (x < width && matrix.get(x, y)) {
                    x++;
                }
                path.append('M').append(start).append(',').append(y).append('h').append(x - start).append("v1h")
                        .append(start - x).append('z');
            }
        }
        String dimensions = size == null ? "" : " width=\"" + size + "\" height=\"" + size + "\"";
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + width + " " + height + "\"" + dimensions
                + " shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"QR code\">"
                + "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>"
                + "<path fill=\"#000\" d=\"" + path + "\"/></svg>";
    }

    private static BitMatrix encode(String content, int size, ErrorCorrectionLevel level) {
        try {
            return new QRCodeWriter().encode(content, BarcodeFormat.QR_CODE, size, size, Map.of(
                    EncodeHintType.ERROR_CORRECTION, level, EncodeHintType.MARGIN, QUIET_ZONE,
                    EncodeHintType.CHARACTER_SET, "UTF-8"));
        } catch (WriterException e) {
            // only for content beyond a QR code's capacity, which a short link never reaches
            throw new IllegalStateException("QR encoding failed", e);
        }
    }
}
