package io.footbridge.audiences.campaign;

import io.footbridge.messaging.MessageTemplates;
import io.footbridge.platform.Actor;
import io.footbridge.platform.FieldError;
import io.footbridge.platform.ProblemException;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks, when a campaign is created, that its template can be filled in on every channel it may go by: a version
 * exists for the channel, it uses no variable the campaign does not supply, and with an offer it shows the code (or
 * its page), since a coupon issued to someone who never sees it is a coupon lost. Found out at creation rather than
 * one blocked message per recipient.
 */
@Component
class CampaignTemplateCheck {

    /** What a campaign's message is filled in with when it has an offer, as {@link CampaignDelivery} sets it. */
    static final List<String> OFFER_VARIABLES = List.of("code", "couponUrl", "offer", "discount");
    private static final String SAMPLE_CODE = "CHECK-7QX9-2K";
    private static final String SAMPLE_URL = "https://example.invalid/c/check-7qx9";

    private final MessageTemplates templates;

    CampaignTemplateCheck(MessageTemplates templates) {
        this.templates = templates;
    }

    List<FieldError> check(Actor actor, String key, List<String> channels, boolean offer) {
        List<FieldError> errors = new ArrayList<>();
        List<MessageTemplates.Template> all = templates.list(actor);
        for (String channel : channels) {
            // per language the tenant's own version is the one sent; a built-in one of the same language is not
            Map<String, MessageTemplates.Template> byLanguage = new LinkedHashMap<>();
            all.stream().filter(t -> t.key().equals(key) && t.channel().equals(channel))
                    .forEach(t -> byLanguage.merge(t.language(), t, (a, b) -> a.builtIn() ? b : a));
            if (byLanguage.isEmpty() && channel.equals("push")) {
                // push says what the SMS version says when there is no push version
                all.stream().filter(t -> t.key().equals(key) && t.channel().equals("sms"))
                        .forEach(t -> byLanguage.merge(t.language(), t, (a, b) -> a.builtIn() ? b : a));
            }
            if (byLanguage.isEmpty()) {
                errors.add(new FieldError("template", "has no " + channel + " version: write one under Messages,"
                        + " or leave " + channel + " out"));
                continue;
            }
            for (MessageTemplates.Template template : byLanguage.values()) {
                String problem = problem(actor, template, offer);
                if (problem != null) {
                    errors.add(new FieldError("template", channel + "/" + template.language() + " " + problem));
                }
            }
        }
        return errors;
    }

    private String problem(Actor actor, MessageTemplates.Template template, boolean offer) {
        Map<String, Object> variables = new LinkedHashMap<>();
        if (offer) {
            variables.put("code", SAMPLE_CODE);
            variables.put("couponUrl", SAMPLE_URL);
            variables.put("offer", "Offer");
            variables.put("discount", "15 %");
        }
        MessageTemplates.Preview preview;
        try {
            preview = templates.preview(actor, template.key(), template.channel(), template.language(),
                    new MessageTemplates.Draft(template.subject(), template.html(), template.text()), variables,
                    true);
        } catch (ProblemException e) {
            for (FieldError error : e.errors()) {
                if (error.field().startsWith("variables.")) {
                    String name = error.field().substring("variables.".length());
                    return "uses {{" + name + "}}, which this campaign does not supply"
                            + (offer ? "" : " (an offer supplies " + String.join(", ", OFFER_VARIABLES) + ")");
                }
            }
            // a version that cannot be previewed here (an approved WhatsApp template: its texts live at Meta)
            return null;
        }
        if (offer) {
            String shown = (preview.text() == null ? "" : preview.text()) + (preview.html() == null ? ""
                    : preview.html());
            if (!shown.contains(SAMPLE_CODE) && !shown.contains(SAMPLE_URL)) {
                return "shows neither {{code}} nor {{couponUrl}}: the offer's codes would reach nobody";
            }
        }
        return null;
    }
}
