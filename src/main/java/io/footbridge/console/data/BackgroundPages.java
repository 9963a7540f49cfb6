package io.footbridge.console.data;

import io.footbridge.capture.CaptureFeeds;
import io.footbridge.console.web.Picks;
import io.footbridge.messaging.Messages;
import io.footbridge.platform.Actor;
import io.footbridge.platform.AuditLog;
import io.footbridge.platform.BackgroundTasks;
import io.footbridge.platform.ProblemException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.util.Map;

/**
 * Background tasks (admins): each task of the installation with its last run, next run and failures, and "run now"
 * for the recurring ones, which only do early what they would do at their next turn; and how far the modules that
 * follow the capture log are behind on this tenant's events, with the messages still queued.
 */
@Controller
class BackgroundPages {

    private final BackgroundTasks tasks;
    private final AuditLog audit;
    private final CaptureFeeds feeds;
    private final Messages messages;

    BackgroundPages(BackgroundTasks tasks, AuditLog audit, CaptureFeeds feeds, Messages messages) {
        this.tasks = tasks;
        this.audit = audit;
        this.feeds = feeds;
        this.messages = messages;
    }

    @GetMapping("/console/data/background")
    @PreAuthorize("hasAuthority('SCOPE_admin')")
    String list(@AuthenticationPrincipal Actor actor, @ModelAttribute("picks") Picks picks, Model model) {
        model.addAttribute("tasks", tasks.list());
        model.addAttribute("feeds", feeds.backlog(actor.tenantId()));
        model.addAttribute("queued", messages.queued(actor.tenantId()));
        model.addAttribute("zone", picks.zone());
        return "console/data/background";
    }

    @PostMapping("/console/data/background/run")
    @PreAuthorize("hasAuthority('SCOPE_admin')")
    String runNow(@AuthenticationPrincipal Actor actor, @RequestParam(required = false) String task,
                  RedirectAttributes flash) {
        if (task == null || task.isBlank() || task.length() > 200) {
            throw ProblemException.invalid("task", "names no background task");
        }
        if (!tasks.runNow(task)) {
            throw ProblemException.invalid("task", "is not a recurring task that can run now");
        }
        audit.record(actor, "background.run_now", "background_task", null, Map.of("task", task));
        flash.addFlashAttribute("started", task);
        return "redirect:/console/data/background";
    }
}
