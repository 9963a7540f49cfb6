package io.footbridge.capture.imports;

import io.footbridge.ApiTest;
import io.footbridge.platform.Actor;
import io.footbridge.platform.Scope;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.DefaultApplicationArguments;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** An import stopped between commits picks up where it stopped, and the command line does the same for a file. */
class ImportResumeTests extends ApiTest {

    @Autowired
    ImportJobRepository jobs;
    @Autowired
    ImportRunner runner;
    @Autowired
    ImportJobs imports;
    @Autowired
    io.footbridge.platform.Tenants tenants;

    @Test
    void anInterruptedImportResumesAfterItsLastCommitAndImportsNothingTwice() throws Exception {
        TestTenant tenant = newTenant();
        tenant.createStore("BER-1");
        Path file = salesFile(10);
        Actor actor = Actor.system(tenant.id(), "test", Set.of(Scope.POS));
        UUID id = UUID.randomUUID();
        jobs.insert(tenant.id(), id, ImportKind.TRANSACTIONS, "sales.csv", file.toString(), "x", Files.size(file),
                ImportOptions.defaults(), "test");
        assertThat(jobs.claim(id, java.time.Instant.now())).isEqualTo(1);

        AtomicInteger records = new AtomicInteger();
        ImportJob.Status first = runner.run(jobs.find(tenant.id(), id).orElseThrow(),
                imports.handler(ImportKind.TRANSACTIONS), actor, (r, b, i, d, x) -> {
                }, () -> records.incrementAndGet() > 14);
        assertThat(first).isEqualTo(ImportJob.Status.INTERRUPTED);
        ImportJob interrupted = jobs.find(tenant.id(), id).orElseThrow();
        assertThat(interrupted.rowsRead()).isBetween(1L, 14L);
        assertThat(interrupted.imported()).isBetween(1L, 9L);
        assertThat(salesStored(tenant.id())).isEqualTo(interrupted.imported());

        assertThat(jobs.claim(id, java.time.Instant.now())).as("an interrupted job is taken up again").isEqualTo(1);
        ImportJob.Status second = runner.run(jobs.find(tenant.id(), id).orElseThrow(),
                imports.handler(ImportKind.TRANSACTIONS), actor, (r, b, i, d, x) -> {
                }, () -> false);
        assertThat(second).isEqualTo(ImportJob.Status.SUCCEEDED);
        ImportJob done = jobs.find(tenant.id(), id).orElseThrow();
        assertThat(done.imported()).isEqualTo(10);
        assertThat(done.duplicates()).as("resumed after the commit, not from the start").isZero();
        assertThat(done.rowsRead()).isEqualTo(20);
        assertThat(salesStored(tenant.id())).isEqualTo(10);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM pos_transaction_line WHERE tenant_id = :t").param("t", tenant.id())
                .query(Long.class).single()).isEqualTo(20);
    }

    @Test
    void theCommandLineImportsAFileWritesTheErrorReportAndResumesAnUnfinishedJob() throws Exception {
        TestTenant tenant = newTenant();
        tenant.createStore("BER-1");
        Path file = salesFile(4);
        Files.writeString(file, "S9,BER-1,2025-01-01T10:00:00Z,EUR,A,0,100\n", StandardOpenOption.APPEND);

        Run run = command("import", "transactions", "--file", file.toString(), "--tenant", tenant.id().toString());
        assertThat(run.exitCode).as(run.err).isEqualTo(3);
        assertThat(run.out).contains("succeeded", "4 imported", "1 rejected", "line 10, quantity: must be greater than 0");
        assertThat(run.err).contains("100%");
        assertThat(Files.readString(Path.of(file + ".errors.csv")))
                .contains("10,9,quantity,must be greater than 0");

        Run again = command("import", "transactions", "--file", file.toString(), "--tenant", tenant.id().toString());
        assertThat(again.out).contains("0 imported", "4 duplicates");

        Run usage = command("import", "sales", "--file", file.toString());
        assertThat(usage.exitCode).isEqualTo(2);
        assertThat(usage.err).contains("transactions, customers or products");
        Run noTenant = command("import", "transactions", "--file", file.toString(), "--tenant", "nobody");
        assertThat(noTenant.exitCode).isEqualTo(2);
        assertThat(noTenant.err).contains("no tenant nobody", tenant.id().toString());
    }

    private record Run(int exitCode, String out, String err) {
    }

    private Run command(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ImportCommand command = new ImportCommand(imports, tenants, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        command.run(new DefaultApplicationArguments(args));
        return new Run(command.getExitCode(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private long salesStored(UUID tenantId) {
        return jdbc.sql("SELECT COUNT(*) FROM pos_transaction WHERE tenant_id = :t").param("t", tenantId)
                .query(Long.class).single();
    }

    /** Sales of two lines each. */
    private static Path salesFile(int sales) throws Exception {
        StringBuilder csv = new StringBuilder("transaction_id,store,occurred_at,currency,sku,quantity,unit_price\n");
        for (int i = 1; i <= sales; i++) {
            csv.append("S").append(i).append(",BER-1,2025-01-01T10:00:00Z,EUR,A,1,100\n");
            csv.append("S").append(i).append(",BER-1,2025-01-01T10:00:00Z,EUR,B,2,50\n");
        }
        Path file = Files.createTempFile("sales-", ".csv");
        Files.writeString(file, csv);
        return file;
    }
}
