package io.footbridge;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.oned.Code128Reader;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;
import javax.imageio.ImageIO;

/** What a scanner reads from the images Footbridge draws: the one decoder the tests share. */
public final class Scanner {

    private Scanner() {
    }

    /**
     * The text of a rendered QR code. A rendered image, not a photo: the module grid is read as drawn; hunting for
     * finder patterns instead misses about one generated code in seventy.
     */
    public static String qr(BufferedImage image) throws Exception {
        return new QRCodeReader().decode(bitmap(image), Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE)).getText();
    }

    public static String qr(byte[] png) throws Exception {
        return qr(read(png));
    }

    public static String code128(BufferedImage image) throws Exception {
        return new Code128Reader().decode(bitmap(image)).getText();
    }

    public static BufferedImage read(byte[] png) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(png));
    }

    private static BinaryBitmap bitmap(BufferedImage image) {
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        return new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(image.getWidth(), image.getHeight(),
                pixels)));
    }
}
