package io.footbridge.audiences.membership;

import io.footbridge.platform.PersonalData;
import io.footbridge.platform.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Which file destinations received a person, and their erasure passed on: each such destination's next removals
 * file lists the person's email and phone, hashed as its format wants, and the record that it received them goes.
 */
@Component
class FilePersonalData implements PersonalData {

    private final JdbcClient jdbc;
    private final AudienceFiles files;

    FilePersonalData(JdbcClient jdbc, AudienceFiles files) {
        this.jdbc = jdbc;
        this.files = files;
    }

    @Override
    public String section() {
        return "audienceFiles";
    }

    record Received(UUID destination, String format) {
    }

    private List<Received> received(Person person) {
        return jdbc.sql("""
                        SELECT DISTINCT d.id, d.format FROM audience_file_recipient r
                        JOIN audience_file_destination d ON d.id = r.destination_id
                        WHERE r.tenant_id = :tenantId AND r.person_id IN (:people)
                        """)
                .param("tenantId", person.tenantId()).param("people", person.profileIds())
                .query((rs, row) -> new Received(rs.getObject("id", UUID.class), rs.getString("format")))
                .list();
    }

    @Override
    public Object export(Person person) {
        List<Received> received = received(person);
        return received.isEmpty() ? null : Map.of("fileDestinations", received);
    }

    /** First: its lock is taken before the erasure holds any other row a file's page could wait for. */
    @Override
    public int erasureOrder() {
        return -10;
    }

    @Override
    public void erase(Person person) {
        // a page of a file being written comes wholly before this erasure (and is among what it finds) or after it
        files.lockAll(person.tenantId());
        List<Received> received = received(person);
        for (Received destination : received) {
            AudienceExport.Format format = AudienceExport.Format.of(destination.format()).orElseThrow();
            for (String email : person.values("email")) {
                removal(person, destination, AudienceExport.emailHash(email), "");
            }
            for (String phone : person.values("phone")) {
                removal(person, destination, "", AudienceExport.phoneHash(format, phone));
            }
        }
        jdbc.sql("DELETE FROM audience_file_recipient WHERE tenant_id = :tenantId AND person_id IN (:people)")
                .param("tenantId", person.tenantId()).param("people", person.profileIds()).update();
        if (!received.isEmpty()) {
            // erasure runs in one transaction: woken before it commits, the writer would find no removals yet
            if (TransactionSynchronizationManager.isSynchronizationActive()) {
                TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public void afterCommit() {
                        files.wake();
                    }
                });
            } else {
                files.wake();
            }
        }
    }

    private void removal(Person person, Received destination, String email, String phone) {
        jdbc.sql("""
                        INSERT INTO audience_file_removal (id, destination_id, tenant_id, email_hash, phone_hash, at)
                        VALUES (:id, :destination, :tenantId, :email, :phone, :now)
                        """)
                .param("id", UUID.randomUUID()).param("destination", destination.destination())
                .param("tenantId", person.tenantId()).param("email", email).param("phone", phone)
                .param("now", Timestamps.now()).update();
    }
}
