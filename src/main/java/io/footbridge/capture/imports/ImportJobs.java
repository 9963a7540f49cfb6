package io.footbridge.capture.imports;

import io.footbridge.platform.Actor;
import io.footbridge.platform.AuditLog;
import io.footbridge.platform.BackgroundWork;
import io.footbridge.platform.FieldError;
import io.footbridge.platform.ProblemException;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Import jobs: uploads are kept on disk and run by a small pool of workers that also picks up interrupted and
 * orphaned jobs; the command line runs a job in its own thread instead.
 */
@Service
public class ImportJobs {

    private static final Logger log = LoggerFactory.getLogger(ImportJobs.class);

    private final ImportJobRepository jobs;
    private final ImportRunner runner;
    private final ImportProperties properties;
    private final AuditLog audit;
    private final Map<ImportKind, ImportHandler> handlers;
    private final Semaphore slots;
    private final ExecutorService workers;
    private final BackgroundWork.Recurring poller;
    private volatile boolean stopping;

    ImportJobs(ImportJobRepository jobs, ImportRunner runner, ImportProperties properties, AuditLog audit,
               List<ImportHandler> handlers, BackgroundWork background) {
        this.jobs = jobs;
        this.runner = runner;
        this.properties = properties;
        this.audit = audit;
        this.handlers = handlers.stream().collect(Collectors.toMap(ImportHandler::kind, Function.identity()));
        this.slots = new Semaphore(Math.max(properties.workers(), 0));
        this.workers = Executors.newCachedThreadPool(daemon("import-worker"));
        // Looking for work is the task; an import runs on a worker of the node that holds its file, for minutes.
        // The node that took an upload wakes the task, so it is usually the one that finds the job.
        this.poller = properties.workers() > 0
                ? background.recurring("import-jobs", Duration.ofSeconds(10), this::poll) : () -> { };
    }

    @PreDestroy
    void stop() throws InterruptedException {
        stopping = true;
        workers.shutdown();
        workers.awaitTermination(30, TimeUnit.SECONDS);
    }

    public ImportHandler handler(ImportKind kind) {
        return handlers.get(kind);
    }

    /** Stores an uploaded file and queues its import. */
    public ImportJob upload(Actor actor, ImportKind kind, String fileName, InputStream body, ImportOptions options) {
        requireAllowed(actor, kind, options);
        UUID id = UUID.randomUUID();
        Path file = properties.directory().resolve(id + ".csv");
        String sha256;
        long size;
        try {
            Files.createDirectories(properties.directory());
            MessageDigest digest = sha256();
            try (InputStream in = new DigestInputStream(body, digest); OutputStream out = Files.newOutputStream(file)) {
                size = copy(in, out, properties.maxFileSize().toBytes());
            }
            sha256 = HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            deleteQuietly(file);
            throw new UncheckedIOException(e);
        } catch (RuntimeException tooLarge) {
            deleteQuietly(file);
            throw tooLarge;
        }
        if (size == 0) {
            deleteQuietly(file);
            throw ProblemException.invalid("file", "is empty; send the CSV file as the request body");
        }
        jobs.insert(actor.tenantId(), id, kind, cleanName(fileName), file.toString(), sha256, size, options,
                actor.label());
        audit.record(actor, "import.created", "import", id, Map.of("kind", kind.value(), "bytes", size));
        poller.wake();
        return get(actor, id);
    }

    public ImportJob get(Actor actor, UUID id) {
        ImportJob job = jobs.find(actor.tenantId(), id).orElseThrow(() -> ProblemException.notFound("import", id));
        if (!actor.has(job.kind().scope())) {
            throw ProblemException.notFound("import", id);
        }
        return job;
    }

    public List<ImportJob> list(Actor actor, int limit, int offset) {
        List<ImportKind> visible = Arrays.stream(ImportKind.values()).filter(kind -> actor.has(kind.scope())).toList();
        return jobs.list(actor.tenantId(), visible, limit, offset);
    }

    public List<RowError> errors(Actor actor, UUID id, long afterRecord, int limit) {
        get(actor, id);
        return jobs.errors(id, afterRecord, limit);
    }

    public ImportJob cancel(Actor actor, UUID id) {
        ImportJob job = get(actor, id);
        if (jobs.cancel(actor.tenantId(), id) == 0) {
            throw ProblemException.conflict("import-finished", "The import has already " + job.status().value() + ".");
        }
        audit.record(actor, "import.cancelled", "import", id, Map.of());
        deleteUploaded(job);
        return get(actor, id);
    }

    public ImportJob resume(Actor actor, UUID id) {
        ImportJob job = get(actor, id);
        if (jobs.requeue(actor.tenantId(), id) == 0) {
            throw ProblemException.conflict("import-not-resumable", "Only a failed or interrupted import can be"
                    + " resumed; this one is " + job.status().value() + ".");
        }
        audit.record(actor, "import.resumed", "import", id, Map.of());
        poller.wake();
        return get(actor, id);
    }

    /**
     * Imports a local file in this thread, for the command line. The same file (by content) and kind resumes its
     * unfinished import instead of starting over.
     */
    public ImportJob runHere(Actor actor, ImportKind kind, Path file, ImportOptions options,
                             ImportProgress listener) throws IOException {
        requireAllowed(actor, kind, options);
        MessageDigest digest = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        String sha = HexFormat.of().formatHex(digest.digest());
        Instant stale = Instant.now().minus(properties.staleAfter());
        ImportJob job = jobs.findUnfinished(actor.tenantId(), kind, sha).filter(j -> j.options().equals(options))
                .orElse(null);
        if (job == null) {
            UUID id = UUID.randomUUID();
            jobs.insert(actor.tenantId(), id, kind, cleanName(file.getFileName().toString()),
                    file.toAbsolutePath().toString(), sha, Files.size(file), options, actor.label());
            job = jobs.find(actor.tenantId(), id).orElseThrow();
        }
        if (jobs.claim(job.id(), stale) == 0) {
            throw new IllegalStateException("import " + job.id() + " of this file is running elsewhere right now");
        }
        job = jobs.find(actor.tenantId(), job.id()).orElseThrow();
        runner.run(job, handlers.get(kind), actor, listener, () -> stopping);
        return jobs.find(actor.tenantId(), job.id()).orElseThrow();
    }

    /** The job that {@link #runHere} would resume, if any. */
    public java.util.Optional<ImportJob> unfinished(UUID tenantId, ImportKind kind, String sha256) {
        return jobs.findUnfinished(tenantId, kind, sha256);
    }

    private void poll() {
        if (stopping) {
            return;
        }
        try {
            Instant stale = Instant.now().minus(properties.staleAfter());
            for (ImportJobRepository.Runnable candidate : jobs.runnable(stale, 20)) {
                if (!Files.exists(Path.of(candidate.filePath())) || !slots.tryAcquire()) {
                    continue; // another node's upload, or no free worker
                }
                if (jobs.claim(candidate.id(), stale) == 0) {
                    slots.release();
                    continue;
                }
                workers.execute(() -> {
                    try {
                        runClaimed(candidate.tenantId(), candidate.id());
                    } finally {
                        slots.release();
                        if (!stopping) {
                            poller.wake(); // the next waiting job need not wait for the next tick
                        }
                    }
                });
            }
        } catch (RuntimeException e) {
            log.warn("Looking for imports to run failed: {}", e.getClass().getSimpleName());
        }
    }

    private void runClaimed(UUID tenantId, UUID id) {
        ImportJob job = jobs.find(tenantId, id).orElseThrow();
        Actor actor = Actor.system(tenantId, "import " + id + " by " + job.createdBy(), Set.of(job.kind().scope()));
        try {
            ImportJob.Status status = runner.run(job, handlers.get(job.kind()), actor, (r, b, i, d, x) -> {
            }, () -> stopping);
            log.info("Import {} ({}) {}", id, job.kind().value(), status.value());
            if (status == ImportJob.Status.SUCCEEDED || status == ImportJob.Status.CANCELLED) {
                deleteUploaded(job);
            }
        } catch (RuntimeException e) {
            log.error("Import {} stopped on an unexpected error", id, e);
            jobs.finish(id, ImportJob.Status.FAILED, "The import stopped on an unexpected server error; it can be "
                    + "resumed.");
        }
    }

    private void requireAllowed(Actor actor, ImportKind kind, ImportOptions options) {
        if (!actor.has(kind.scope())) {
            throw ProblemException.forbidden("Importing " + kind.value() + " needs the " + kind.scope().value()
                    + " scope.");
        }
        List<FieldError> problems = options.problems(handlers.get(kind));
        if (!problems.isEmpty()) {
            throw ProblemException.invalid(problems);
        }
    }

    private void deleteUploaded(ImportJob job) {
        Path file = Path.of(job.filePath());
        if (file.startsWith(properties.directory())) {
            deleteQuietly(file);
        }
    }

    private static long copy(InputStream in, OutputStream out, long limit) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            total += n;
            if (total > limit) {
                throw new ProblemException(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "Payload too large",
                        "An import file may be at most " + limit / (1024 * 1024) + " MB.", List.of());
            }
            out.write(buffer, 0, n);
        }
        return total;
    }

    /** Only the name, never a path, and nothing that could break a log line or a header. */
    private static String cleanName(String fileName) {
        String base = fileName == null ? "" : fileName.substring(Math.max(fileName.lastIndexOf('/'),
                fileName.lastIndexOf('\\')) + 1).replaceAll("[\\p{Cntrl}\"]", "").strip();
        if (base.isEmpty()) {
            return "upload.csv";
        }
        return base.length() > 255 ? base.substring(base.length() - 255) : base;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("Could not delete {}", file.getFileName());
        }
    }
}
