package io.footbridge.journeys.flow;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Moves people on through their journeys. Due entries are claimed in batches with {@code FOR UPDATE SKIP LOCKED}, so
 * workers on several nodes (or threads) never move the same entry at once; each entry runs its steps up to the next
 * wait in a savepoint of the batch's transaction, writing each step's line and its effect (a queued message, an
 * issued coupon) together with the entry's new place. A step therefore runs once per person and version: either the
 * whole move commits or none of it, and the idempotency keys of messages and coupons hold across retries.
 */
@Component
class Runner {

    private static final Logger log = LoggerFactory.getLogger(Runner.class);
    static final int BATCH = 100;
    /** Steps one entry may take in one turn; a cycle must pass a wait, so this is a guard, not a limit. */
    private static final int STEPS_PER_TURN = 200;
    private static final int TRIES = 5;

    private final JourneyRepository repository;
    private final Programs programs;
    private final Actions actions;
    private final WebhookCalls webhooks;
    private final StaffTasks tasks;
    private final TransactionTemplate batch;
    private final TransactionTemplate savepoint;

    Runner(JourneyRepository repository, Programs programs, Actions actions, WebhookCalls webhooks,
           StaffTasks tasks, PlatformTransactionManager transactions) {
        this.tasks = tasks;
        this.repository = repository;
        this.programs = programs;
        this.actions = actions;
        this.webhooks = webhooks;
        this.batch = new TransactionTemplate(transactions);
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    /** Moves on every entry due by {@code now}; answers how many were moved. */
    int runDue(Instant now) {
        int total = 0;
        for (int round = 0; round < 1000; round++) {
            // later rounds claim what fell due meanwhile, and stamp steps with the time they ran
            Instant at = round == 0 ? now : Instant.now();
            Integer moved = batch.execute(s -> {
                List<JourneyRepository.Entry> due = repository.claimDue(at, BATCH);
                due.forEach(e -> one(e, at));
                return due.size();
            });
            total += moved == null ? 0 : moved;
            if (moved == null || moved < BATCH) {
                break;
            }
        }
        return total;
    }

    private void one(JourneyRepository.Entry e, Instant now) {
        try {
            savepoint.executeWithoutResult(s -> advance(e, now));
        } catch (RuntimeException failure) {
            // ids and the exception's kind only: its message may quote the person's data
            log.warn("Journey entry {} failed at step {} of journey {}: {}", e.id(), e.pc(), e.journeyId(),
                    failure.getClass().getSimpleName());
            int tries = e.attempts() + 1;
            if (tries >= TRIES) {
                Program.Step step = programs.of(e.journeyId(), e.version()).steps().get(e.pc());
                repository.step(e, e.pc(), e.stepsRun(), step, "failed", failure.getClass().getSimpleName(), now);
                repository.end(e.id(), "failed", "step " + step.path() + " failed " + tries + " times", now);
            } else {
                repository.move(e.id(), e.pc(), e.waitPc(), e.stepsRun(), tries,
                        now.plus(Duration.ofSeconds(10L << (2 * tries))));
            }
        }
    }

    private void advance(JourneyRepository.Entry e, Instant now) {
        Program program = programs.of(e.journeyId(), e.version());
        int pc = e.pc();
        int seq = e.stepsRun();
        // claimed at a waitFor it sits in: heard or timed out, it goes on now
        boolean resumed = e.waitPc() != null && e.waitPc() == pc;
        for (int turn = 0; turn < STEPS_PER_TURN; turn++) {
            Program.Step step = program.steps().get(pc);
            if (step instanceof Program.Jump jump) {
                pc = jump.target();
                continue;
            } else if (step instanceof Program.Exit exit) {
                repository.step(e, pc, seq, exit, "done", null, now);
                repository.move(e.id(), pc, null, seq + 1, 0, null);
                repository.end(e.id(), "done", exit.path().matches("steps\\[\\d+]") ? "end" : "exit", now);
                return;
            } else if (step instanceof Program.WaitStep || step instanceof Program.WaitUntil) {
                Instant until = step instanceof Program.WaitStep wait ? wait.duration().after(now)
                        : actions.until(e, (Program.WaitUntil) step, now);
                repository.step(e, pc, seq, step, "done", "until " + until, now);
                repository.move(e.id(), pc + 1, pc, seq + 1, 0, until);
                return;
            } else if (step instanceof Program.WaitFor waitFor) {
                if (!(resumed && turn == 0)) {
                    Instant until = waitFor.within().after(now);
                    repository.listen(e.id(), waitFor.event(), actions.storeId(e, waitFor.store()), now);
                    repository.step(e, pc, seq, waitFor, "done", "until " + until, now);
                    repository.move(e.id(), pc, pc, seq + 1, 0, until);
                    return;
                }
                Optional<Instant> heard = repository.stopListening(e.id());
                repository.step(e, pc, seq, waitFor, heard.isPresent() ? "event" : "timed_out",
                        heard.map(at -> "event at " + at).orElse(null), now);
                pc = heard.isPresent() ? pc + 1 : waitFor.elseAt();
            } else if (step instanceof Program.SetTrait trait) {
                Actions.Outcome outcome = actions.setTrait(e, trait, seq, now);
                repository.step(e, pc, seq, trait, outcome.status(), outcome.detail(), now);
                pc++;
            } else if (step instanceof Program.StaffTask task) {
                // held-out people get no treatment, and a call from staff is one
                if (e.holdout()) {
                    repository.step(e, pc, seq, task, "held_out", null, now);
                } else {
                    UUID storeId = task.store() == null ? e.storeId() : actions.storeId(e, task.store());
                    tasks.open(e, seq, storeId, task.title(), now);
                    repository.step(e, pc, seq, task, "done", null, now);
                }
                pc++;
            } else if (step instanceof Program.Branch branch) {
                boolean yes = actions.branch(e, branch);
                repository.step(e, pc, seq, branch, "done", yes ? "then" : "else", now);
                pc = yes ? pc + 1 : branch.elseAt();
            } else if (step instanceof Program.Split split) {
                int variant = Actions.pick(e, pc, split.weights());
                repository.step(e, pc, seq, split, "done", "variant " + variant, now);
                pc = split.targets().get(variant);
            } else if (step instanceof Program.Send send) {
                Actions.Outcome outcome = actions.send(e, send, seq, now);
                if (outcome.retryAt() != null) {
                    repository.move(e.id(), pc, null, seq, e.attempts(), outcome.retryAt());
                    return;
                }
                repository.step(e, pc, seq, send, outcome.status(), outcome.detail(), now);
                pc++;
            } else if (step instanceof Program.IssueCoupon coupon) {
                Actions.Outcome outcome = actions.issue(e, coupon, seq);
                repository.step(e, pc, seq, coupon, outcome.status(), outcome.detail(), now);
                pc++;
            } else if (step instanceof Program.Webhook webhook) {
                if (e.holdout()) {
                    repository.step(e, pc, seq, webhook, "held_out", null, now);
                } else {
                    Actions.Outcome outcome = webhooks.call(e, webhook, pc, seq, now);
                    if (outcome.retryAt() != null) {
                        repository.move(e.id(), pc, null, seq, e.attempts() + 1, outcome.retryAt());
                        return;
                    }
                    repository.stepOutcome(e.id(), seq, outcome.status(), outcome.detail(), now);
                }
                pc++;
            }
            seq++;
            e = withPlace(e, pc, seq);
        }
        repository.move(e.id(), pc, null, seq, 0, now.plusSeconds(1));
    }

    /** The entry as it stands after a step in this turn: later steps' lines and keys use its new count. */
    private static JourneyRepository.Entry withPlace(JourneyRepository.Entry e, int pc, int seq) {
        return new JourneyRepository.Entry(e.id(), e.tenantId(), e.journeyId(), e.version(), e.personId(),
                e.storeId(), e.holdout(), e.status(), pc, null, seq, 0, e.dueAt(), e.enteredAt(), e.goalUntil(),
                e.context());
    }
}
