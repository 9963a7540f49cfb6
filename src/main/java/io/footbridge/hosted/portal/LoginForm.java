package io.footbridge.hosted.portal;

/**
 * What the guest sent. {@code website} is a field people never see and bots fill in.
 */
record LoginForm(String state, String contact, Boolean terms, Boolean marketingEmail, Boolean marketingSms,
                 String website, Boolean club) {

    boolean accepted(Boolean box) {
        return Boolean.TRUE.equals(box);
    }
}
