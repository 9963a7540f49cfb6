package io.footbridge.platform;

import java.util.List;

/**
 * The brand as staff pages edit it: a draft checked and shown before it is saved, and saving with the same rules as
 * {@code PUT /api/v1/brand} (tenant admins). Problems come as {@link ProblemException}s naming the field.
 */
public interface BrandKit {

    /** The brand's fields as a form gives them; blank colours fall back to the defaults. */
    record BrandForm(String name, String logoUrl, String primaryColor, String backgroundColor, String textColor,
                     String language, String privacyUrl) {

        public static BrandForm of(Brand brand) {
            return new BrandForm(brand.name(), brand.logoUrl(), brand.primaryColor(), brand.backgroundColor(),
                    brand.textColor(), brand.language(), brand.privacyUrl());
        }
    }

    /**
     * A contrast the hosted pages depend on: {@code ratio} against the WCAG AA {@code needed}. {@code enforced}
     * checks refuse a save; the others only warn.
     */
    record Contrast(String name, double ratio, double needed, boolean enforced) {

        public boolean passes() {
            return ratio >= needed;
        }
    }

    /** How the draft would look, and its contrasts. */
    record Draft(Brand brand, List<Contrast> contrasts) {

        public boolean savable() {
            return contrasts.stream().allMatch(c -> c.passes() || !c.enforced());
        }
    }

    /** Checks the fields as the API does, but not the contrasts, which the draft reports. Nothing is stored. */
    Draft draft(Actor actor, BrandForm form);

    Brand save(Actor actor, BrandForm form);
}
