package io.footbridge.platform.brand;

/** WCAG 2 contrast between sRGB colours written as {@code #rrggbb}. */
final class Colours {

    static final String HEX = "#[0-9a-fA-F]{6}";

    private Colours() {
    }

    static double contrast(String a, String b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    /** Black or white, whichever reads better on this colour. */
    static String textOn(String background) {
        return contrast(background, "#000000") >= contrast(background, "#ffffff") ? "#000000" : "#ffffff";
    }

    private static double luminance(String hex) {
        int rgb = Integer.parseInt(hex.substring(1), 16);
        return 0.2126 * channel(rgb >> 16 & 0xff) + 0.7152 * channel(rgb >> 8 & 0xff) + 0.0722 * channel(rgb & 0xff);
    }

    private static double channel(int value) {
        double c = value / 255.0;
        return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }
}
