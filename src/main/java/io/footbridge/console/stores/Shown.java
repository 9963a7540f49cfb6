package io.footbridge.console.stores;

import io.footbridge.console.web.FormErrors;
import io.footbridge.console.web.Picks;
import io.footbridge.platform.ProblemException;
import org.springframework.ui.Model;

import java.util.LinkedHashMap;
import java.util.Map;

/** What the section's pages share: the picks of the page, and a service's errors named as the form names fields. */
final class Shown {

    private Shown() {
    }

    static Picks picks(Model model) {
        return (Picks) model.getAttribute("picks");
    }

    /**
     * The problem's reasons under the form's field names: a form cannot name a field {@code store}, which the
     * header's store picker reads on every request.
     */
    static FormErrors errors(ProblemException problem, Map<String, String> renamed) {
        FormErrors errors = FormErrors.of(problem);
        Map<String, String> fields = new LinkedHashMap<>();
        errors.fields().forEach((field, reason) -> fields.put(renamed.getOrDefault(field, field), reason));
        return new FormErrors(errors.detail(), fields);
    }
}
