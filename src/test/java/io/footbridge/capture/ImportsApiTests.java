package io.footbridge.capture;

import io.footbridge.ApiClient;
import io.footbridge.ApiTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ImportsApiTests extends ApiTest {

    private TestTenant tenant;

    @BeforeEach
    void tenantWithStore() {
        tenant = newTenant();
        tenant.createStore("BER-1");
    }

    @Test
    void theSampleFilesImportAndAReimportIsAllDuplicates() throws Exception {
        JsonNode products = importFile(tenant.admin(), "products", Files.readAllBytes(Path.of("samples/products.csv")), "");
        assertThat(products.get("status").asString()).isEqualTo("succeeded");
        assertThat(products.get("imported").asLong()).isEqualTo(5);

        JsonNode sales = importFile(tenant.admin(), "transactions", sample("transactions"), "");
        assertThat(sales.get("status").asString()).as(sales.toString()).isEqualTo("succeeded");
        assertThat(sales.get("rowsRead").asLong()).isEqualTo(5);
        assertThat(sales.get("imported").asLong()).isEqualTo(4);
        assertThat(sales.get("rejected").asLong()).isZero();
        assertThat(sales.get("percent").asInt()).isEqualTo(100);

        JsonNode sale = tenant.admin().get("/api/v1/transactions/BER-1-000101").json();
        assertThat(sale.get("total").asLong()).isEqualTo(3248);
        assertThat(sale.get("occurredAt").asString()).as("local time in the store's zone")
                .isEqualTo("2025-03-01T08:12:00Z");
        assertThat(sale.get("lines").get(0).get("name").asString()).as("named from the catalogue")
                .isEqualTo("Espresso beans 250 g");
        assertThat(sale.get("lines").get(1).get("category").asString()).isEqualTo("tableware");
        JsonNode refund = tenant.admin().get("/api/v1/transactions/BER-1-000104").json();
        assertThat(refund.get("type").asString()).isEqualTo("refund");
        assertThat(refund.get("originalTransactionId").asString()).isEqualTo("BER-1-000102");

        JsonNode again = importFile(tenant.admin(), "transactions", sample("transactions"), "");
        assertThat(again.get("imported").asLong()).isZero();
        assertThat(again.get("duplicates").asLong()).isEqualTo(4);
        assertThat(count("SELECT COUNT(*) FROM pos_transaction WHERE tenant_id = :t")).isEqualTo(4);
        assertThat(count("SELECT COUNT(*) FROM capture_event WHERE tenant_id = :t AND source = 'import'"))
                .as("one pos event per sale, none twice").isEqualTo(4);
    }

    @Test
    void customersBecomeCaptureEventsWithTheirIdentifiersAsGiven() throws Exception {
        JsonNode job = importFile(tenant.admin(), "customers", sample("customers"), "");
        assertThat(job.get("imported").asLong()).as(job.toString()).isEqualTo(3);
        JsonNode events = tenant.admin().get("/api/v1/events?type=customer.imported").json().get("items");
        assertThat(events).hasSize(3);
        assertThat(events.get(0).get("identifiersJson").asString()).contains("lena.fischer@example.com", "L-00017");
        assertThat(events.get(0).get("propertiesJson").asString())
                .contains("\"recordId\":\"C-1001\"", "\"granted\":true");

        String changed = new String(sample("customers"), StandardCharsets.UTF_8).replace("Torstraße 1", "Torstraße 2");
        JsonNode reimport = importFile(tenant.admin(), "customers", changed.getBytes(StandardCharsets.UTF_8), "");
        assertThat(reimport.get("duplicates").asLong()).isEqualTo(2);
        assertThat(reimport.get("imported").asLong()).as("the changed row is news").isEqualTo(1);
    }

    @Test
    void badRowsAreReportedByLineAndColumnWhileTheGoodOnesLand() {
        String csv = """
                transaction_id,store,occurred_at,currency,sku,quantity,unit_price,total
                T1,BER-1,2025-01-10T10:00:00Z,EUR,A,1,500,500
                T2,BER-1,2025-01-10T10:05:00Z,EUR,A,2,500,999
                T3,BER-1,2025-01-10T10:06:00Z,EUR,A,-1,500,-500
                T4,NOPE,2025-01-10T10:07:00Z,EUR,A,1,500,500
                T5,BER-1,yesterday,EUR,A,1,500,500
                T6,BER-1,2025-01-10T10:08:00Z,EUR,A,1,500
                T7,BER-1,2099-01-10T10:08:00Z,EUR,A,1,500,500
                T8,BER-1,2025-01-10T10:09:00Z,EUR,B,1,12.50,1250
                T9,BER-1,2025-01-10T10:10:00Z,EUR,A,1,700,700
                T9,BER-1,2025-01-10T10:10:00Z,EUR,B,x,100,100
                T10,BER-1,2025-01-10T10:11:00Z,EUR,A,1,300,300
                """;
        byte[] bytes = csv.replace("T10,BER-1", "T10,BER-1").getBytes(StandardCharsets.UTF_8);
        JsonNode job = importFile(tenant.admin(), "transactions", bytes, "");
        assertThat(job.get("status").asString()).isEqualTo("succeeded");
        assertThat(job.get("imported").asLong()).as(job.toString()).isEqualTo(2); // T1, T10
        assertThat(job.get("rejected").asLong()).isEqualTo(8);

        List<String> errors = errorLines(job.get("id").asString());
        assertThat(errors).contains(
                "3 total does not add up: the lines give 1000, so 1000",
                "4 quantity must be greater than 0",
                "5 store is not an active store of this tenant",
                "6 occurred_at is not a time such as 2024-03-01T10:15:00Z, 2024-03-01 10:15 or 2024-03-01: yesterday",
                "7 [row] has 7 fields where the header has 8",
                "8 occurred_at is in the future by more than the allowed clock skew of 5 minutes",
                "9 unit_price is not a whole amount in minor units (cents): 12.50; import with amounts=decimal for 12.99",
                "11 quantity is not a whole number: x");
        assertThat(errors).noneMatch(e -> e.startsWith("10 ")).as("the sale's first line is fine; its second is not");
        assertThat(tenant.admin().get("/api/v1/transactions/T9").status()).as("a sale lands whole or not at all")
                .isEqualTo(404);

        var report = tenant.admin().send(tenant.admin().request("/api/v1/imports/" + job.get("id").asString() + "/errors")
                .header("Accept", "text/csv").GET());
        assertThat(report.status()).isEqualTo(200);
        assertThat(report.raw().body()).startsWith("line,record,column,message")
                .contains("11,10,quantity,is not a whole number: x");
    }

    @Test
    void anotherLayoutReadsThroughAMappingWithDecimalAmountsAndItsOwnEncoding() {
        String csv = "Bon;Filiale;Datum;Währung;Artikel;Menge;Preis\n"
                + "K-1;BER-1;2025-02-01 12:00;EUR;CAFÉ-1;2;3,50\n"
                + "K-2;BER-1;2025-02-01 12:30;EUR;TEE;1;2.25\n";
        byte[] latin1 = csv.replace("3,50", "3.50").replace("CAFÉ-1", "Café").getBytes(StandardCharsets.ISO_8859_1);
        String options = "&delimiter=;&amounts=decimal&encoding=ISO-8859-1&map=transaction_id:Bon&map=store:Filiale"
                + "&map=occurred_at:Datum&map=currency:W%C3%A4hrung&map=sku:Artikel&map=quantity:Menge"
                + "&map=unit_price:Preis";
        JsonNode job = importFile(tenant.admin(), "transactions", latin1, options);
        assertThat(job.get("imported").asLong()).as(job.toString()).isEqualTo(2);
        JsonNode sale = tenant.admin().get("/api/v1/transactions/K-1").json();
        assertThat(sale.get("total").asLong()).as("computed from the lines when there is no total").isEqualTo(700);
        assertThat(sale.get("lines").get(0).get("sku").asString()).isEqualTo("Café");

        byte[] latinRow = ("transaction_id,store,occurred_at,currency,sku,quantity,unit_price\n"
                + "K-3,BER-1,2025-02-01 12:00,EUR,Café,1,350\n"
                + "K-4,BER-1,2025-02-01 12:00,EUR,TEE,1,225\n").getBytes(StandardCharsets.ISO_8859_1);
        JsonNode wrongEncoding = importFile(tenant.admin(), "transactions", latinRow, "");
        assertThat(wrongEncoding.get("imported").asLong()).isEqualTo(1);
        assertThat(errorLines(wrongEncoding.get("id").asString())).as("é in a file read as UTF-8")
                .containsExactly("2 sku is not valid UTF-8; save the file as UTF-8 or give its encoding (encoding=windows-1252 …)");

        JsonNode wrongHeader = importFile(tenant.admin(), "transactions", latin1, options.replace("&encoding=ISO-8859-1", ""));
        assertThat(wrongHeader.get("status").asString()).isEqualTo("failed");
        assertThat(wrongHeader.get("error").asString()).startsWith("The header is not valid UTF-8");
    }

    @Test
    void aFileThatCannotBeReadFailsWithAReasonAndKeepsWhatCameBefore() {
        JsonNode missing = importFile(tenant.admin(), "transactions",
                "id,store\nT1,BER-1\n".getBytes(StandardCharsets.UTF_8), "");
        assertThat(missing.get("status").asString()).isEqualTo("failed");
        assertThat(missing.get("error").asString()).contains("no column transaction_id, occurred_at, currency, sku,"
                + " quantity, unit_price", "Its header reads: id, store");

        String broken = """
                transaction_id,store,occurred_at,currency,sku,quantity,unit_price
                Q1,BER-1,2025-01-10T10:00:00Z,EUR,A,1,500
                Q2,BER-1,2025-01-10T10:00:00Z,EUR,A,1,500
                Q3,BER-1,2025-01-10T10:00:00Z,EUR,A,1,500
                Q4,BER-1,2025-01-10T10:00:00Z,EUR,A,1,500
                Q5,BER-1,2025-01-10T10:00:00Z,EUR,"A"x,1,500
                Q6,BER-1,2025-01-10T10:00:00Z,EUR,A,1,500
                """;
        JsonNode job = importFile(tenant.admin(), "transactions", broken.getBytes(StandardCharsets.UTF_8), "");
        assertThat(job.get("status").asString()).isEqualTo("failed");
        assertThat(job.get("error").asString()).startsWith("Line 6 cannot be read");
        assertThat(job.get("imported").asLong()).as("the committed chunk; Q4 waited to see if Q5 continued it")
                .isEqualTo(3);

        JsonNode fixed = importFile(tenant.admin(), "transactions",
                broken.replace("\"A\"x", "A").getBytes(StandardCharsets.UTF_8), "");
        assertThat(fixed.get("imported").asLong()).isEqualTo(3);
        assertThat(fixed.get("duplicates").asLong()).isEqualTo(3);
    }

    @Test
    void aCallerWhoMayImportOneKindPagesThroughItsImportsPastNewerOnesOfOtherKinds() {
        JsonNode products = importFile(tenant.admin(), "products", sample("products"), "");
        importFile(tenant.admin(), "transactions", sample("transactions"), "");
        importFile(tenant.admin(), "customers", sample("customers"), "");
        ApiClient catalogue = anonymous.bearer(tenant.createKey("catalogue", null, "products:write"));

        JsonNode page = catalogue.get("/api/v1/imports?limit=1").json().get("items");
        assertThat(page).hasSize(1);
        assertThat(page.get(0).get("id").asString()).isEqualTo(products.get("id").asString());
        assertThat(catalogue.get("/api/v1/imports?limit=1&offset=1").json().get("items")).isEmpty();
    }

    @Test
    void importsAnswerBadRequestsAndForeignCallersPrecisely() {
        byte[] csv = sample("transactions");
        assertThat(tenant.admin().upload("/api/v1/imports/orders", csv).errorFields()).containsExactly("kind");
        assertThat(tenant.admin().upload("/api/v1/imports/transactions?map=colour:Farbe&delimiter=ab&amounts=cents",
                csv).errorFields()).contains("amounts");
        assertThat(tenant.admin().upload("/api/v1/imports/transactions?map=colour:Farbe&delimiter=ab", csv)
                .errorFields()).containsExactlyInAnyOrder("map.colour", "delimiter");
        assertThat(tenant.admin().upload("/api/v1/imports/transactions?timeZone=Mars/Olympus&encoding=klingon", csv)
                .errorFields()).containsExactlyInAnyOrder("timeZone", "encoding");
        assertThat(tenant.admin().upload("/api/v1/imports/transactions", new byte[0]).errorFields())
                .containsExactly("file");
        var json = tenant.admin().send(tenant.admin().request("/api/v1/imports/transactions")
                .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(json.status()).isEqualTo(415);

        ApiClient till = anonymous.bearer(tenant.createKey("till", "BER-1", "pos"));
        assertThat(till.upload("/api/v1/imports/transactions", csv).status()).as("store-bound").isEqualTo(403);
        ApiClient events = anonymous.bearer(tenant.createKey("events", null, "events:write"));
        assertThat(events.upload("/api/v1/imports/transactions", csv).status()).as("no pos scope").isEqualTo(403);

        JsonNode job = importFile(tenant.admin(), "transactions", csv, "");
        TestTenant other = newTenant();
        assertThat(other.admin().get("/api/v1/imports/" + job.get("id").asString()).status()).isEqualTo(404);
        assertThat(other.admin().delete("/api/v1/imports/" + job.get("id").asString()).status()).isEqualTo(404);
        assertThat(other.admin().get("/api/v1/imports").json().get("items")).isEmpty();
        assertThat(tenant.admin().delete("/api/v1/imports/" + job.get("id").asString()).status())
                .as("finished already").isEqualTo(409);
        assertThat(tenant.admin().post("/api/v1/imports/" + job.get("id").asString() + "/resume", "").status())
                .isEqualTo(409);
    }

    @Test
    void aPosLogExportImportsItsSalesAndReturnsAndSkipsVoidedOnes() throws Exception {
        byte[] xml = Files.readAllBytes(Path.of("samples/poslog.xml"));
        JsonNode job = importFile(tenant.admin(), "transactions", xml, "");
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("succeeded");
        assertThat(job.get("imported").asLong()).as("the sale and the return; not the voided one").isEqualTo(2);
        assertThat(job.get("rejected").asLong()).isZero();

        JsonNode sale = tenant.admin().get("/api/v1/transactions/BER-1-R1-20250305-201").json();
        assertThat(sale.get("total").asLong()).isEqualTo(3597);
        assertThat(sale.get("occurredAt").asString()).as("local time in the store's zone")
                .isEqualTo("2025-03-05T11:00:00Z");
        assertThat(sale.get("lines").get(1).get("unitPrice").asLong()).isEqualTo(349);
        assertThat(sale.get("lines").get(1).get("discount").asLong()).as("regular minus actual price, twice")
                .isEqualTo(100);
        assertThat(sale.toString()).contains("lena.fischer@example.com");
        JsonNode refund = tenant.admin().get("/api/v1/transactions/BER-1-R1-20250306-15").json();
        assertThat(refund.get("type").asString()).isEqualTo("refund");
        assertThat(refund.get("originalTransactionId").asString()).isEqualTo("BER-1-R1-20250305-201");
        assertThat(refund.get("total").asLong()).isEqualTo(299);
        assertThat(tenant.admin().get("/api/v1/transactions/BER-1-R1-20250305-202").status()).isEqualTo(404);

        JsonNode again = importFile(tenant.admin(), "transactions", xml, "");
        assertThat(again.get("duplicates").asLong()).isEqualTo(2);
        assertThat(again.get("imported").asLong()).isZero();

        assertThat(importFile(tenant.admin(), "customers", xml, "").get("error").asString())
                .startsWith("This is an XML file; only transactions are read from XML");
    }

    @Test
    void aBrokenOrHostilePosLogFailsWithItsLineAndReadsNothingFromOutside() throws Exception {
        String xml = Files.readString(Path.of("samples/poslog.xml"));
        String broken = xml.replace("<SequenceNumber>15</SequenceNumber>", "<SequenceNumber>15</Sequence>");
        JsonNode job = importFile(tenant.admin(), "transactions", broken.getBytes(StandardCharsets.UTF_8), "");
        assertThat(job.get("status").asString()).isEqualTo("failed");
        long line = broken.lines().takeWhile(l -> !l.contains("</Sequence>")).count() + 1;
        assertThat(job.get("error").asString()).startsWith("Line " + line + " cannot be read: the XML is broken");
        assertThat(job.get("imported").asLong()).as("the sale before the break").isEqualTo(1);

        String hostile = xml.replace("<POSLog ", "<!DOCTYPE POSLog [<!ENTITY secret SYSTEM \"file:///etc/passwd\">]>\n<POSLog ")
                .replace("<OperatorID>anna</OperatorID>", "<OperatorID>&secret;</OperatorID>");
        JsonNode refused = importFile(tenant.admin(), "transactions", hostile.getBytes(StandardCharsets.UTF_8), "");
        assertThat(refused.get("status").asString()).as(refused.toString()).isEqualTo("failed");
        assertThat(refused.toString()).doesNotContain("root:");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM pos_transaction WHERE tenant_id = :t AND staff_id LIKE '%root%'")
                .param("t", tenant.id()).query(Long.class).single()).isZero();
    }

    @Test
    void theCatalogueIsKeptThroughTheApiAndNamesTheLinesOfSales() {
        assertThat(tenant.admin().put("/api/v1/products/COF-250", Map.of("name", "Espresso 250 g", "category",
                "coffee", "price", 899, "currency", "EUR", "url", "https://shop.example.com/cof-250")).status())
                .isEqualTo(201);
        assertThat(tenant.admin().put("/api/v1/products/COF-250", Map.of("name", "Espresso beans 250 g",
                "category", "coffee")).status()).isEqualTo(200);
        assertThat(tenant.admin().put("/api/v1/products/bad%20sku", Map.of("name", "x")).errorFields())
                .containsExactly("sku");
        assertThat(tenant.admin().put("/api/v1/products/P-1", Map.of("name", "x", "price", -1, "url", "ftp://x"))
                .errorFields()).containsExactlyInAnyOrder("price", "url");
        assertThat(tenant.admin().put("/api/v1/products/P-1", Map.of("name", "x", "price", 100)).errorFields())
                .containsExactly("currency");
        assertThat(tenant.admin().get("/api/v1/products?q=espresso").json().get("items")).hasSize(1);
        assertThat(newTenant().admin().get("/api/v1/products/COF-250").status()).isEqualTo(404);

        ApiClient till = anonymous.bearer(tenant.createKey("till", "BER-1", "pos"));
        var sale = till.post("/api/v1/transactions", Map.of("transactionId", "P-100", "store", "BER-1",
                "occurredAt", java.time.Instant.now().minusSeconds(60).toString(), "currency", "EUR",
                "lines", List.of(Map.of("sku", "COF-250", "quantity", 1, "unitPrice", 899)), "total", 899));
        assertThat(sale.status()).as(sale.toString()).isEqualTo(201);
        assertThat(sale.json().get("lines").get(0).get("name").asString()).isEqualTo("Espresso beans 250 g");
        assertThat(till.put("/api/v1/products/X", Map.of("name", "x")).status()).as("pos cannot write the catalogue")
                .isEqualTo(403);

        assertThat(tenant.admin().delete("/api/v1/products/COF-250").status()).isEqualTo(204);
        assertThat(tenant.admin().get("/api/v1/products").json().get("items")).isEmpty();
        assertThat(tenant.admin().get("/api/v1/products/COF-250").json().get("archivedAt")).isNotNull();
    }

    private byte[] sample(String name) {
        try {
            return Files.readAllBytes(Path.of("samples/" + name + ".csv"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private long count(String sql) {
        return jdbc.sql(sql).param("t", tenant.id()).query(Long.class).single();
    }

    @Test
    void aProductRowWhosePageIsNoUsableUrlIsRejectedNamingTheColumn() {
        String csv = """
                sku,name,category,price,currency,url
                OK-1,Fine,coffee,899,EUR,https://shop.example.com/p/ok
                BAR-1,Pipe,coffee,899,EUR,https://shop.example.com/p/a|b
                FTP-1,Old,coffee,899,EUR,ftp://shop.example.com/p/old
                """;
        JsonNode job = importFile(tenant.admin(), "products", csv.getBytes(StandardCharsets.UTF_8), "");
        assertThat(job.get("imported").asLong()).as(job.toString()).isEqualTo(1);
        assertThat(job.get("rejected").asLong()).isEqualTo(2);
        List<String> errors = errorLines(job.get("id").asString());
        assertThat(errors).anyMatch(e -> e.startsWith("3 url ")).anyMatch(e -> e.startsWith("4 url "));
        assertThat(tenant.admin().get("/api/v1/products/BAR-1").status()).isEqualTo(404);
    }

    private List<String> errorLines(String jobId) {
        JsonNode items = tenant.admin().get("/api/v1/imports/" + jobId + "/errors").json().get("items");
        return items.valueStream().map(e -> e.get("line").asLong() + " " + e.get("column").asString() + " "
                + e.get("message").asString()).toList();
    }

    /** Uploads and polls the job until it is done, as a client would. */
    static JsonNode importFile(ApiClient client, String kind, byte[] csv, String options) {
        var created = client.upload("/api/v1/imports/" + kind + "?fileName=test.csv" + options, csv);
        assertThat(created.status()).as(created.toString()).isEqualTo(202);
        String location = created.header("Location");
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            JsonNode job = client.get(location).json();
            String status = job.get("status").asString();
            if (!status.equals("queued") && !status.equals("running")) {
                return job;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("import did not finish: " + client.get(location));
    }
}
