package io.footbridge.journeys.flow;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
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
    static final int BATCH = 200;
    /** How far ahead a run looks for the next entry falling due before it ends. */
    static final Duration LINGER = Duration.ofSeconds(2);
    /** How long one run may stay for entries falling due; the scheduler's next turn takes over after. */
    static final Duration STAY = Duration.ofSeconds(20);
    /** Steps one entry may take in one turn; a cycle must pass a wait, so this is a guard, not a limit. */
    private static final int STEPS_PER_TURN = 200;
    private static final int TRIES = 5;

    private final JourneyRepository repository;
    private final Programs programs;
    private final Actions actions;
    private final WebhookCalls webhooks;
    private final StaffTasks tasks;
    private final TransactionTemplate batch;

    Runner(JourneyRepository repository, Programs programs, Actions actions, WebhookCalls webhooks,
           StaffTasks tasks, PlatformTransactionManager transactions) {
        this.tasks = tasks;
        this.repository = repository;
        this.programs = programs;
        this.actions = actions;
        this.webhooks = webhooks;
        this.batch = new TransactionTemplate(transactions);
    }

    /**
     * Moves on every entry due by {@code now}, and stays while more fall due within {@link #LINGER} (up to
     * {@link #STAY} in all), so a steady stream of timers is claimed as each falls due rather than at the
     * scheduler's next turn. Answers how many were moved.
     */
    int runAndStay(Instant now) {
        int total = 0;
        long started = System.nanoTime();
        Instant at = now;
        while (true) {
            int moved = runDue(at);
            total += moved;
            Instant claimed = Instant.now();
            if (System.nanoTime() - started > STAY.toNanos() || Thread.currentThread().isInterrupted()) {
                return total;
            }
            Instant next = repository.nextDue(at);
            if (next == null || next.isAfter(claimed.plus(LINGER))) {
                return total;
            }
            long sleep = Duration.between(claimed, next).toMillis();
            if (sleep > 0) {
                try {
                    Thread.sleep(Math.max(5, sleep));
                } catch (InterruptedException stop) {
                    Thread.currentThread().interrupt();
                    return total;
                }
            }
            at = Instant.now();
        }
    }

    /** Claims batches of entries due by {@code now} until a batch is not full; answers how many were moved. */
    int runDue(Instant now) {
        int total = 0;
        for (int round = 0; round < 1000; round++) {
            // later rounds claim what fell due meanwhile, and stamp steps with the time they ran
            Instant at = round == 0 ? now : Instant.now();
            Integer moved = batch.execute(status -> {
                List<JourneyRepository.Claimed> due = repository.claimDue(at, BATCH);
                Writes writes = new Writes();
                due.forEach(c -> one(c, at, status, writes));
                repository.lines(writes.lines);
                repository.moves(writes.moves);
                return due.size();
            });
            total += moved == null ? 0 : moved;
            if (moved == null || moved < BATCH) {
                break;
            }
        }
        return total;
    }

    /** The lines and moves of a batch, written with one batched statement each when its entries are done. */
    private static final class Writes {
        final List<JourneyRepository.Line> lines = new ArrayList<>();
        final List<JourneyRepository.Move> moves = new ArrayList<>();
    }

    /**
     * One entry's turn. Its lines and move are kept until the turn succeeds; a step with an effect outside the
     * journey's own rows (a message, a coupon, a trait, a task, a webhook, a segment rule) runs after a savepoint,
     * taken once per turn and only then, so a failure takes back this entry's effects and nobody else's.
     */
    private void one(JourneyRepository.Claimed claimed, Instant now, TransactionStatus status, Writes writes) {
        JourneyRepository.Entry e = claimed.entry();
        Turn turn = new Turn(status);
        try {
            advance(claimed, now, turn);
            turn.release();
            writes.lines.addAll(turn.lines);
            writes.moves.add(turn.move);
        } catch (RuntimeException failure) {
            turn.rollback();
            // ids and the exception's kind only: its message may quote the person's data
            log.warn("Journey entry {} failed at step {} of journey {}: {}", e.id(), e.pc(), e.journeyId(),
                    failure.getClass().getSimpleName());
            int tries = e.attempts() + 1;
            if (tries >= TRIES) {
                Program.Step step = programs.of(e.journeyId(), e.version()).steps().get(e.pc());
                writes.lines.add(new JourneyRepository.Line(e, e.pc(), e.stepsRun(), step, "failed",
                        failure.getClass().getSimpleName(), now));
                writes.moves.add(new JourneyRepository.Move(e.id(), e.pc(), null, e.stepsRun(), tries, null, "failed",
                        "step " + step.path() + " failed " + tries + " times", now, null));
            } else {
                // as it was, still listening if it was: the turn's changes were taken back
                writes.moves.add(new JourneyRepository.Move(e.id(), e.pc(), e.waitPc(), e.stepsRun(), tries,
                        now.plus(Duration.ofSeconds(10L << (2 * tries))), "active", null, null, claimed.listening()));
            }
        }
    }

    /** What one entry's turn has written so far, and its savepoint once a step with an effect needs one. */
    private static final class Turn {
        final TransactionStatus status;
        final List<JourneyRepository.Line> lines = new ArrayList<>();
        JourneyRepository.Move move;
        Object savepoint;

        Turn(TransactionStatus status) {
            this.status = status;
        }

        void line(JourneyRepository.Entry e, int pc, int seq, Program.Step step, String outcome, String detail,
                  Instant now) {
            lines.add(new JourneyRepository.Line(e, pc, seq, step, outcome, detail, now));
        }

        /** Before a step that writes outside the journey's rows. */
        void effect() {
            if (savepoint == null) {
                savepoint = status.createSavepoint();
            }
        }

        void release() {
            if (savepoint != null) {
                status.releaseSavepoint(savepoint);
            }
        }

        void rollback() {
            if (savepoint != null) {
                status.rollbackToSavepoint(savepoint);
            }
        }
    }

    private void advance(JourneyRepository.Claimed claimed, Instant now, Turn t) {
        JourneyRepository.Entry e = claimed.entry();
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
                t.line(e, pc, seq, exit, "done", null, now);
                t.move = new JourneyRepository.Move(e.id(), pc, null, seq + 1, 0, null, "done",
                        exit.path().matches("steps\\[\\d+]") ? "end" : "exit", now, null);
                return;
            } else if (step instanceof Program.WaitStep || step instanceof Program.WaitUntil) {
                if (step instanceof Program.WaitUntil) {
                    t.effect();
                }
                Instant until = step instanceof Program.WaitStep wait ? wait.duration().after(now)
                        : actions.until(e, (Program.WaitUntil) step, now);
                if (until == null) {
                    // a reminder of a moment the triggering event does not name, or of one gone by, has nothing
                    // to remind of
                    Program.WaitUntil waitUntil = (Program.WaitUntil) step;
                    t.line(e, pc, seq, step, "done", actions.eventMoment(e, waitUntil, ZoneOffset.UTC).isEmpty()
                            ? "no " + waitUntil.eventTime() + " in the triggering event"
                            : waitUntil.eventTime() + " has passed", now);
                    t.move = new JourneyRepository.Move(e.id(), pc, null, seq + 1, 0, null, "done", "exit", now,
                            null);
                    return;
                }
                t.line(e, pc, seq, step, "done", "until " + until, now);
                t.move = JourneyRepository.Move.to(e.id(), pc + 1, pc, seq + 1, 0, until);
                return;
            } else if (step instanceof Program.WaitFor waitFor) {
                if (!(resumed && turn == 0)) {
                    t.effect();
                    Instant until = waitFor.within().after(now);
                    t.line(e, pc, seq, waitFor, "done", "until " + until, now);
                    t.move = new JourneyRepository.Move(e.id(), pc, pc, seq + 1, 0, until, "active", null, null,
                            new JourneyRepository.Listening(waitFor.event(), actions.storeId(e, waitFor.store()),
                                    now, null));
                    return;
                }
                // the claim read what it heard, under the entry's lock; the move below clears it
                Instant heard = claimed.listening() == null ? null : claimed.listening().heardAt();
                t.line(e, pc, seq, waitFor, heard != null ? "event" : "timed_out",
                        heard == null ? null : "event at " + heard, now);
                pc = heard != null ? pc + 1 : waitFor.elseAt();
            } else if (step instanceof Program.SetTrait trait) {
                t.effect();
                Actions.Outcome outcome = actions.setTrait(e, trait, seq, now);
                t.line(e, pc, seq, trait, outcome.status(), outcome.detail(), now);
                pc++;
            } else if (step instanceof Program.Points change) {
                if (!e.holdout()) {
                    t.effect();
                }
                Actions.Outcome outcome = actions.points(e, change, seq);
                t.line(e, pc, seq, change, outcome.status(), outcome.detail(), now);
                pc++;
            } else if (step instanceof Program.StaffTask task) {
                // held-out people get no treatment, and a call from staff is one
                if (e.holdout()) {
                    t.line(e, pc, seq, task, "held_out", null, now);
                } else {
                    t.effect();
                    UUID storeId = task.store() == null ? e.storeId() : actions.storeId(e, task.store());
                    tasks.open(e, seq, storeId, task.title(), now);
                    t.line(e, pc, seq, task, "done", null, now);
                }
                pc++;
            } else if (step instanceof Program.Branch branch) {
                t.effect();
                boolean yes = actions.branch(e, branch);
                t.line(e, pc, seq, branch, "done", yes ? "then" : "else", now);
                pc = yes ? pc + 1 : branch.elseAt();
            } else if (step instanceof Program.Split split) {
                int variant = Actions.pick(e, pc, split.weights());
                t.line(e, pc, seq, split, "done", "variant " + variant, now);
                pc = split.targets().get(variant);
            } else if (step instanceof Program.Send send) {
                t.effect();
                Actions.Outcome outcome = actions.send(e, send, seq, now);
                if (outcome.retryAt() != null) {
                    t.move = JourneyRepository.Move.to(e.id(), pc, null, seq, e.attempts(), outcome.retryAt());
                    return;
                }
                t.line(e, pc, seq, send, outcome.status(), outcome.detail(), now);
                pc++;
            } else if (step instanceof Program.IssueCoupon coupon) {
                t.effect();
                Actions.Outcome outcome = actions.issue(e, coupon, seq);
                t.line(e, pc, seq, coupon, outcome.status(), outcome.detail(), now);
                pc++;
            } else if (step instanceof Program.Webhook webhook) {
                if (e.holdout()) {
                    t.line(e, pc, seq, webhook, "held_out", null, now);
                } else {
                    t.effect();
                    Actions.Outcome outcome = webhooks.call(e, webhook, pc, seq, now);
                    if (outcome.retryAt() != null) {
                        t.move = JourneyRepository.Move.to(e.id(), pc, null, seq, e.attempts() + 1,
                                outcome.retryAt());
                        return;
                    }
                    repository.stepOutcome(e.id(), seq, outcome.status(), outcome.detail(), now);
                }
                pc++;
            }
            seq++;
            e = withPlace(e, pc, seq);
        }
        t.move = JourneyRepository.Move.to(e.id(), pc, null, seq, 0, now.plusSeconds(1));
    }

    /** The entry as it stands after a step in this turn: later steps' lines and keys use its new count. */
    private static JourneyRepository.Entry withPlace(JourneyRepository.Entry e, int pc, int seq) {
        return new JourneyRepository.Entry(e.id(), e.tenantId(), e.journeyId(), e.version(), e.personId(),
                e.storeId(), e.holdout(), e.status(), pc, null, seq, 0, e.dueAt(), e.enteredAt(), e.goalUntil(),
                e.context());
    }
}
