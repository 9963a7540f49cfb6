package io.footbridge.console.convert;

import io.footbridge.console.web.FormErrors;
import io.footbridge.console.web.Listing;
import io.footbridge.console.web.Picks;
import io.footbridge.feedback.SurveyDesk;
import io.footbridge.platform.Actor;
import io.footbridge.platform.ProblemException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Surveys and NPS: the surveys with the NPS of the picked store and period (with its interval), one survey with its
 * answers, writing one with its questions, archiving it.
 */
@Controller
class SurveyPages {

    static final int ROWS = 20;
    /** Empty question rows the form offers after the survey's own, up to the most a survey may ask. */
    static final int SPARE = 2;

    private final SurveyDesk surveys;

    SurveyPages(SurveyDesk surveys) {
        this.surveys = surveys;
    }

    @GetMapping("/console/convert/surveys")
    @PreAuthorize("hasAuthority('SCOPE_feedback:read')")
    String list(@AuthenticationPrincipal Actor actor, @ModelAttribute("picks") Picks picks,
                @RequestParam(defaultValue = "false") boolean archived, @RequestParam(defaultValue = "0") int from,
                Model model) {
        int offset = Math.max(0, from);
        var rows = surveys.list(actor, archived, ROWS + 1, offset);
        model.addAttribute("surveys", Listing.of(rows, ROWS, last -> String.valueOf(offset + ROWS)));
        model.addAttribute("archived", archived);
        model.addAttribute("nps", surveys.nps(actor, null, blankToNull(picks.storeCode()), start(picks), end(picks)));
        model.addAttribute("mayChange", actor.allStores());
        return "console/convert/surveys";
    }

    @GetMapping("/console/convert/surveys/new")
    @PreAuthorize("hasAuthority('SCOPE_feedback:write')")
    String blank(@AuthenticationPrincipal Actor actor, Model model) {
        InboxPages.requireTenantWide(actor);
        return form(null, new SurveyDesk.Draft("", "", "", "", "", true, true, List.of()), FormErrors.NONE, model);
    }

    @PostMapping("/console/convert/surveys")
    @PreAuthorize("hasAuthority('SCOPE_feedback:write')")
    String create(@AuthenticationPrincipal Actor actor, @RequestParam Map<String, String> form, Model model,
                  RedirectAttributes flash) {
        InboxPages.requireTenantWide(actor);
        SurveyDesk.Draft draft = draft(form);
        try {
            SurveyDesk.Survey survey = surveys.create(actor, draft);
            flash.addFlashAttribute("notice", "created");
            return "redirect:/console/convert/surveys/" + survey.id();
        } catch (ProblemException problem) {
            return form(null, draft, FormErrors.of(problem), model);
        }
    }

    @GetMapping("/console/convert/surveys/{surveyId}")
    @PreAuthorize("hasAuthority('SCOPE_feedback:read')")
    String survey(@AuthenticationPrincipal Actor actor, @ModelAttribute("picks") Picks picks,
                  @PathVariable UUID surveyId, @RequestParam(defaultValue = "0") int from, Model model) {
        int offset = Math.max(0, from);
        String store = blankToNull(picks.storeCode());
        model.addAttribute("survey", surveys.get(actor, surveyId));
        model.addAttribute("nps", surveys.nps(actor, surveyId, store, start(picks), end(picks)));
        var rows = surveys.answers(actor, surveyId, store, ROWS + 1, offset);
        model.addAttribute("answers", Listing.of(rows, ROWS, last -> String.valueOf(offset + ROWS)));
        model.addAttribute("mayChange", actor.allStores());
        return "console/convert/survey";
    }

    @GetMapping("/console/convert/surveys/{surveyId}/edit")
    @PreAuthorize("hasAuthority('SCOPE_feedback:write')")
    String edit(@AuthenticationPrincipal Actor actor, @PathVariable UUID surveyId, Model model) {
        InboxPages.requireTenantWide(actor);
        SurveyDesk.Survey survey = surveys.get(actor, surveyId);
        return form(survey, survey.draft(), FormErrors.NONE, model);
    }

    @PostMapping("/console/convert/surveys/{surveyId}")
    @PreAuthorize("hasAuthority('SCOPE_feedback:write')")
    String change(@AuthenticationPrincipal Actor actor, @PathVariable UUID surveyId,
                  @RequestParam Map<String, String> form, Model model, RedirectAttributes flash) {
        InboxPages.requireTenantWide(actor);
        SurveyDesk.Draft draft = draft(form);
        try {
            surveys.change(actor, surveyId, draft);
        } catch (ProblemException problem) {
            return form(surveys.get(actor, surveyId), draft, FormErrors.of(problem), model);
        }
        flash.addFlashAttribute("notice", "changed");
        return "redirect:/console/convert/surveys/" + surveyId;
    }

    @PostMapping("/console/convert/surveys/{surveyId}/archive")
    @PreAuthorize("hasAuthority('SCOPE_feedback:write')")
    String archive(@AuthenticationPrincipal Actor actor, @PathVariable UUID surveyId, RedirectAttributes flash) {
        InboxPages.requireTenantWide(actor);
        surveys.archive(actor, surveyId);
        flash.addFlashAttribute("notice", "archived");
        return "redirect:/console/convert/surveys/" + surveyId;
    }

    private String form(SurveyDesk.Survey survey, SurveyDesk.Draft draft, FormErrors errors, Model model) {
        List<SurveyDesk.Question> rows = new ArrayList<>(draft.questions());
        while (rows.size() < Math.min(SurveyDesk.MAX_QUESTIONS, draft.questions().size() + SPARE)) {
            rows.add(new SurveyDesk.Question("", "rating", "", false, List.of()));
        }
        model.addAttribute("survey", survey);
        model.addAttribute("draft", draft);
        model.addAttribute("rows", rows);
        model.addAttribute("types", SurveyDesk.QUESTION_TYPES);
        model.addAttribute("errors", errors);
        return "console/convert/survey-form";
    }

    /** The form's fields as a draft; a question row without text is left out. */
    static SurveyDesk.Draft draft(Map<String, String> form) {
        List<SurveyDesk.Question> questions = new ArrayList<>();
        for (int i = 0; i < SurveyDesk.MAX_QUESTIONS; i++) {
            String at = "questions[" + i + "].";
            String text = form.get(at + "text");
            if (text == null || text.isBlank()) {
                continue;
            }
            String options = form.getOrDefault(at + "options", "");
            questions.add(new SurveyDesk.Question(form.getOrDefault(at + "id", "").strip(),
                    form.getOrDefault(at + "type", "").strip(), text.strip(), form.containsKey(at + "required"),
                    Arrays.stream(options.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList()));
        }
        return new SurveyDesk.Draft(form.getOrDefault("name", ""), form.get("title"), form.get("intro"),
                form.get("npsQuestion"), form.get("commentQuestion"), form.containsKey("askContact"),
                form.containsKey("openCases"), questions);
    }

    private static Instant start(Picks picks) {
        return picks.first().atStartOfDay(picks.zone()).toInstant();
    }

    private static Instant end(Picks picks) {
        return picks.last().plusDays(1).atStartOfDay(picks.zone()).toInstant();
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
