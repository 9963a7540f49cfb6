package io.footbridge.journeys.flow;

import io.footbridge.journeys.JourneyTasks;
import io.footbridge.platform.Actor;
import io.footbridge.platform.Reach;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.UUID;

import static io.footbridge.platform.Reach.Level.PER_STORE;

@RestController
@RequestMapping("/api/v1/journeys/tasks")
@Tag(name = "Journeys", description = "Triggers, steps with durable waits, goals, holdouts and their figures")
@Reach(PER_STORE)
class TaskController {

    private final JourneyTasks tasks;

    TaskController(JourneyTasks tasks) {
        this.tasks = tasks;
    }

    record TaskList(List<JourneyTasks.Task> items) {
    }

    @GetMapping
    @PreAuthorize("hasAnyAuthority('SCOPE_stores:read', 'SCOPE_journeys:read', 'SCOPE_admin')")
    @Operation(summary = "Tasks journeys gave staff, of the caller's stores; open ones first")
    TaskList list(@AuthenticationPrincipal Actor actor, @RequestParam(required = false) UUID journeyId,
                  @RequestParam(defaultValue = "false") boolean open,
                  @RequestParam(defaultValue = "100") int limit) {
        return new TaskList(tasks.list(actor, journeyId, open, limit));
    }

    @PostMapping("/{taskId}/done")
    @PreAuthorize("hasAnyAuthority('SCOPE_stores:write', 'SCOPE_journeys:write', 'SCOPE_admin')")
    @Operation(summary = "Mark a task done")
    JourneyTasks.Task done(@AuthenticationPrincipal Actor actor, @PathVariable UUID taskId) {
        return tasks.done(actor, taskId);
    }
}
