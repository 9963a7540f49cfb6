package io.footbridge.console.journeys;

import io.footbridge.console.web.FormErrors;
import io.footbridge.journeys.JourneyTasks;
import io.footbridge.journeys.Journeys;
import io.footbridge.journeys.Replenishments;
import io.footbridge.platform.Actor;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.Scope;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.UUID;

/**
 * Journeys: the list with status and counts, a journey with its steps (branches indented), the people waiting at
 * each, outcomes and the lift against the holdout, and the editor (the definition as JSON, started from a
 * ready-made journey, with each problem named by its step).
 */
@Controller
class JourneyPages {

    private final Journeys journeys;
    private final JourneyTasks tasks;
    private final Replenishments replenishments;
    private final JsonMapper json;
    private final JsonMapper pretty;

    private final org.springframework.context.MessageSource messages;

    JourneyPages(Journeys journeys, JourneyTasks tasks, Replenishments replenishments, JsonMapper json,
                 org.springframework.context.MessageSource messages) {
        this.messages = messages;
        this.replenishments = replenishments;
        this.journeys = journeys;
        this.tasks = tasks;
        this.json = json;
        this.pretty = json.rebuild().enable(SerializationFeature.INDENT_OUTPUT).build();
    }

    @GetMapping("/console/journeys")
    @PreAuthorize("hasAuthority('SCOPE_journeys:read')")
    String list(@AuthenticationPrincipal Actor actor, Model model) {
        model.addAttribute("journeys", journeys.list(actor));
        model.addAttribute("readyMade", journeys.readyMade());
        model.addAttribute("mayChange", actor.has(Scope.JOURNEYS_WRITE));
        return "console/journeys/journeys";
    }

    @GetMapping("/console/journeys/new")
    @PreAuthorize("hasAuthority('SCOPE_journeys:write')")
    String draft(@RequestParam(required = false) String from, Model model) {
        JsonNode start = journeys.readyMade().stream().filter(r -> r.key().equals(from)).findFirst()
                .orElse(journeys.readyMade().get(0)).definition();
        return form(null, pretty.writeValueAsString(start), FormErrors.NONE, model);
    }

    @PostMapping("/console/journeys")
    @PreAuthorize("hasAuthority('SCOPE_journeys:write')")
    String create(@AuthenticationPrincipal Actor actor, @RequestParam(required = false) String definition,
                  Model model, RedirectAttributes flash) {
        try {
            UUID id = journeys.create(actor, read(definition));
            flash.addFlashAttribute("notice", "created");
            flash.addFlashAttribute("webhookSecret", journeys.newWebhookSecret(actor, id));
            return "redirect:/console/journeys/" + id;
        } catch (ProblemException problem) {
            return form(null, definition, FormErrors.of(problem), model);
        }
    }

    /** Switches on a ready-made journey as a draft and shows it, to be checked, edited and activated. */
    @PostMapping("/console/journeys/ready-made/{key}")
    @PreAuthorize("hasAuthority('SCOPE_journeys:write')")
    String switchOn(@AuthenticationPrincipal Actor actor, @PathVariable String key, RedirectAttributes flash) {
        UUID id = journeys.createFromReadyMade(actor, key);
        flash.addFlashAttribute("notice", "switchedOn");
        flash.addFlashAttribute("webhookSecret", journeys.newWebhookSecret(actor, id));
        return "redirect:/console/journeys/" + id;
    }

    @GetMapping("/console/journeys/{journeyId}")
    @PreAuthorize("hasAuthority('SCOPE_journeys:read')")
    String one(@AuthenticationPrincipal Actor actor, @PathVariable UUID journeyId,
               @RequestParam(required = false) Integer version, Model model) {
        Journeys.Journey journey = journeys.get(actor, journeyId);
        model.addAttribute("journey", journey);
        Journeys.Stats stats = journeys.stats(actor, journeyId, version);
        model.addAttribute("stats", stats);
        JsonNode goal = journey.definition().get("goal");
        java.util.Locale locale = org.springframework.context.i18n.LocaleContextHolder.getLocale();
        model.addAttribute("flow", JourneyDiagram.svg(stats, goal == null || !goal.isObject() ? null
                        : goal.path("event").asString("") + " " + goal.path("within").asString(""),
                word -> messages.getMessage("console.journeys.flow." + word, null, word, locale)));
        model.addAttribute("definition", pretty.writeValueAsString(journey.definition()));
        model.addAttribute("mayChange", actor.has(Scope.JOURNEYS_WRITE));
        model.addAttribute("tasks", tasks.list(actor, journeyId, false, 50));
        return "console/journeys/journey";
    }

    /** Tasks journeys gave staff: a store manager sees their stores', tenant-wide staff every one. */
    @GetMapping("/console/journeys/tasks")
    @PreAuthorize("hasAnyAuthority('SCOPE_stores:read', 'SCOPE_journeys:read', 'SCOPE_admin')")
    String tasks(@AuthenticationPrincipal Actor actor, @RequestParam(defaultValue = "true") boolean open,
                 Model model) {
        model.addAttribute("tasks", tasks.list(actor, null, open, 200));
        model.addAttribute("open", open);
        return "console/journeys/tasks";
    }

    /** Who is expected to buy an SKU or category again this week, per store: a store manager sees their stores'. */
    @GetMapping("/console/journeys/replenishment")
    @PreAuthorize("hasAnyAuthority('SCOPE_stores:read', 'SCOPE_journeys:read', 'SCOPE_admin')")
    String replenishment(@AuthenticationPrincipal Actor actor, Model model) {
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        List<Replenishments.Due> due = replenishments.due(actor, today, 7, 500);
        java.util.Map<String, List<Replenishments.Due>> byStore = new java.util.TreeMap<>();
        due.forEach(d -> byStore.computeIfAbsent(d.storeCode() == null ? "" : d.storeCode(),
                k -> new java.util.ArrayList<>()).add(d));
        model.addAttribute("byStore", byStore);
        model.addAttribute("from", today);
        model.addAttribute("to", today.plusDays(6));
        return "console/journeys/replenishment";
    }

    @PostMapping("/console/journeys/tasks/{taskId}/done")
    @PreAuthorize("hasAnyAuthority('SCOPE_stores:write', 'SCOPE_journeys:write', 'SCOPE_admin')")
    String taskDone(@AuthenticationPrincipal Actor actor, @PathVariable UUID taskId,
                    @RequestParam(required = false) UUID journeyId, RedirectAttributes flash) {
        tasks.done(actor, taskId);
        flash.addFlashAttribute("notice", "taskDone");
        return journeyId == null ? "redirect:/console/journeys/tasks" : "redirect:/console/journeys/" + journeyId;
    }

    @GetMapping("/console/journeys/{journeyId}/edit")
    @PreAuthorize("hasAuthority('SCOPE_journeys:write')")
    String edit(@AuthenticationPrincipal Actor actor, @PathVariable UUID journeyId, Model model) {
        Journeys.Journey journey = journeys.get(actor, journeyId);
        return form(journey, pretty.writeValueAsString(journey.definition()), FormErrors.NONE, model);
    }

    @PostMapping("/console/journeys/{journeyId}")
    @PreAuthorize("hasAuthority('SCOPE_journeys:write')")
    String update(@AuthenticationPrincipal Actor actor, @PathVariable UUID journeyId,
                  @RequestParam(required = false) String definition, Model model, RedirectAttributes flash) {
        Journeys.Journey journey = journeys.get(actor, journeyId);
        try {
            journeys.update(actor, journeyId, read(definition));
            flash.addFlashAttribute("notice", "saved");
            return "redirect:/console/journeys/" + journeyId;
        } catch (ProblemException problem) {
            return form(journey, definition, FormErrors.of(problem), model);
        }
    }

    @PostMapping("/console/journeys/{journeyId}/{action:activate|pause|archive}")
    @PreAuthorize("hasAuthority('SCOPE_journeys:write')")
    String act(@AuthenticationPrincipal Actor actor, @PathVariable UUID journeyId, @PathVariable String action,
               RedirectAttributes flash) {
        switch (action) {
            case "activate" -> journeys.activate(actor, journeyId);
            case "pause" -> journeys.pause(actor, journeyId);
            default -> journeys.archive(actor, journeyId);
        }
        flash.addFlashAttribute("notice", action);
        return "redirect:/console/journeys/" + journeyId;
    }

    private String form(Journeys.Journey journey, String definition, FormErrors errors, Model model) {
        model.addAttribute("journey", journey);
        model.addAttribute("definition", definition);
        model.addAttribute("errors", errors);
        model.addAttribute("readyMade", journeys.readyMade());
        return "console/journeys/form";
    }

    /** The definition as typed; text that is no JSON is a problem on the whole definition, as the API's would be. */
    private JsonNode read(String definition) {
        if (definition == null || definition.isBlank()) {
            throw ProblemException.invalid("definition", "is required");
        }
        try {
            return json.readTree(definition);
        } catch (JacksonException e) {
            throw ProblemException.invalid("definition", "is not JSON: " + e.getOriginalMessage());
        }
    }
}
