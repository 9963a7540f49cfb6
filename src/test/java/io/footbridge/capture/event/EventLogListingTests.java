package io.footbridge.capture.event;

import io.footbridge.ApiTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

class EventLogListingTests extends ApiTest {

    @Test
    void aPageOfTheEventLogIsReadInIndexOrderWithoutSortingTheWholeTenantsLog() {
        String product = jdbc.sql("SELECT 1").query((rs, n) -> rs.getStatement().getConnection().getMetaData()
                .getDatabaseProductName()).single();
        assumeThat(product).as("the plan's wording is H2's").isEqualTo("H2");

        String plan = String.join("\n", jdbc.sql("EXPLAIN " + EventRepository.LIST)
                .param("tenantId", UUID.randomUUID()).param("seq", 0L).param("type", null).param("limit", 100)
                .param("allStores", false).param("storeIds", List.of(UUID.randomUUID()))
                .query(String.class).list());

        assertThat(plan).contains("capture_event_tenant_seq").contains("/* index sorted */");
    }
}
