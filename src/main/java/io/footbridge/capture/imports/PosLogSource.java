package io.footbridge.capture.imports;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sales from an ARTS/NRF POSLog XML export, turned into the rows of a transactions CSV (one per sale or return line
 * item), so that they pass the same grouping and checks. Elements are matched by local name, whatever the namespace
 * or POSLog version; amounts are decimal. Voided and suspended transactions and those without items are skipped.
 */
final class PosLogSource implements RecordSource {

    static final List<String> HEADER = List.of("transaction_id", "type", "original_transaction_id", "store",
            "register", "staff", "occurred_at", "currency", "sku", "name", "category", "quantity", "unit_price",
            "line_discount", "tax", "tax_included", "total", "payment_method", "email", "phone", "loyalty_id");
    private static final Set<String> SKIPPED = Set.of("voided", "canceled", "cancelled", "suspended", "suspendeddeleted");

    private final XMLStreamReader xml;
    private final Runnable recordEnded;
    private final Deque<Raw> pending = new ArrayDeque<>();
    private boolean headerGiven;

    PosLogSource(Reader reader, Runnable recordEnded) throws IOException {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        // no DTDs and no external entities: an upload must not make the server read files or URLs
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        try {
            this.xml = factory.createXMLStreamReader(reader);
        } catch (XMLStreamException e) {
            throw new Unreadable(1, "not XML: " + e.getMessage());
        }
        this.recordEnded = recordEnded;
    }

    @Override
    public Raw next() throws IOException {
        if (!headerGiven) {
            headerGiven = true;
            return new Raw(1, HEADER);
        }
        try {
            while (pending.isEmpty() && xml.hasNext()) {
                if (xml.next() == XMLStreamConstants.START_ELEMENT && xml.getLocalName().equals("Transaction")) {
                    Node transaction = readElement();
                    recordEnded.run();
                    rows(transaction).forEach(pending::add);
                }
            }
        } catch (XMLStreamException broken) {
            long line = broken.getLocation() == null ? 0 : broken.getLocation().getLineNumber();
            throw new Unreadable(line, "the XML is broken: " + broken.getMessage().replaceAll("\\s+", " "));
        }
        return pending.poll();
    }

    @Override
    public boolean givesWholeGroups() {
        return true;
    }

    @Override
    public void close() throws IOException {
        try {
            xml.close();
        } catch (XMLStreamException e) {
            throw new IOException(e);
        }
    }

    /** The element the reader stands on, with everything in it. */
    private Node readElement() throws XMLStreamException {
        Node node = new Node(xml.getLocalName(), xml.getLocation().getLineNumber());
        for (int i = 0; i < xml.getAttributeCount(); i++) {
            node.attributes.put(xml.getAttributeLocalName(i), xml.getAttributeValue(i));
        }
        while (xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                node.children.add(readElement());
            } else if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA) {
                node.text.append(xml.getText());
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                break;
            }
        }
        return node;
    }

    private static List<Raw> rows(Node transaction) {
        Node retail = transaction.child("RetailTransaction");
        if (retail == null || "true".equalsIgnoreCase(transaction.attributes.get("CancelFlag"))
                || SKIPPED.contains(String.valueOf(retail.attributes.get("TransactionStatus")).toLowerCase())) {
            return List.of();
        }
        String store = transaction.text("RetailStoreID");
        String register = transaction.text("WorkstationID");
        String day = transaction.text("BusinessDayDate");
        String id = transaction.text("TransactionID") != null ? transaction.text("TransactionID")
                : transactionId(store, register, day, transaction.text("SequenceNumber"));
        String occurred = first(transaction.text("EndDateTime"), transaction.text("BeginDateTime"), day);

        List<Node> sales = new ArrayList<>();
        List<Node> returns = new ArrayList<>();
        BigDecimal tax = null;
        boolean salesTax = false;
        String tender = null;
        for (Node item : retail.children("LineItem")) {
            if ("true".equalsIgnoreCase(item.attributes.get("VoidFlag"))) {
                continue;
            }
            if (item.child("Sale") != null) {
                sales.add(item.child("Sale"));
            } else if (item.child("Return") != null) {
                returns.add(item.child("Return"));
            } else if (item.child("Tender") != null && tender == null) {
                tender = item.child("Tender").attributes.get("TenderType");
            } else if (item.child("Tax") != null) {
                Node taxNode = item.child("Tax");
                BigDecimal amount = decimal(taxNode.text("Amount"));
                tax = amount == null ? tax : (tax == null ? amount : tax.add(amount));
                salesTax |= "Sales".equalsIgnoreCase(taxNode.attributes.get("TaxType"));
            }
        }
        boolean refund = sales.isEmpty() && !returns.isEmpty();
        List<Node> lines = refund ? returns : sales;
        if (lines.isEmpty()) {
            return List.of();
        }
        String original = null;
        Node link = retail.find("TransactionLink");
        if (refund && link != null) {
            original = link.text("TransactionID") != null ? link.text("TransactionID")
                    : transactionId(link.text("RetailStoreID"), link.text("WorkstationID"),
                    link.text("BusinessDayDate"), link.text("SequenceNumber"));
        }
        String total = null;
        for (Node t : retail.children("Total")) {
            if ("TransactionGrandAmount".equals(t.attributes.get("TotalType"))) {
                total = abs(t.text.toString().strip());
            }
        }
        Node email = retail.find("EMail", "EmailAddress", "Email");
        Node phone = retail.find("FullTelephoneNumber", "TelephoneNumber");
        Node loyalty = retail.find("LoyaltyAccountID", "LoyaltyCardNumber");

        List<Raw> rows = new ArrayList<>();
        for (Node line : lines) {
            Map<String, String> row = new HashMap<>();
            row.put("transaction_id", id);
            row.put("type", refund ? "refund" : "sale");
            row.put("original_transaction_id", original);
            row.put("store", store);
            row.put("register", register);
            row.put("staff", transaction.text("OperatorID"));
            row.put("occurred_at", occurred);
            row.put("currency", first(transaction.text("CurrencyCode"), retail.text("CurrencyCode")));
            row.put("sku", line.text("ItemID"));
            row.put("name", line.text("Description"));
            row.put("category", line.text("MerchandiseHierarchy"));
            String quantity = wholeNumber(first(line.text("Quantity"), "1"));
            row.put("quantity", quantity);
            String regular = line.text("RegularSalesUnitPrice");
            String actual = line.text("ActualSalesUnitPrice");
            row.put("unit_price", first(regular, actual));
            row.put("line_discount", lineDiscount(line, regular, actual, quantity));
            row.put("tax", tax == null ? null : tax.abs().toPlainString());
            row.put("tax_included", salesTax ? "no" : "yes");
            row.put("total", total);
            row.put("payment_method", tender);
            row.put("email", email == null ? null : email.text.toString().strip());
            row.put("phone", phone == null ? null : phone.text.toString().strip());
            row.put("loyalty_id", loyalty == null ? null : loyalty.text.toString().strip());
            List<String> values = new ArrayList<>(HEADER.size());
            HEADER.forEach(column -> values.add(row.get(column) == null ? "" : row.get(column)));
            rows.add(new Raw(line.line, values));
        }
        return rows;
    }

    /** Price modifiers, or the gap between the regular and the actual price. */
    private static String lineDiscount(Node line, String regular, String actual, String quantity) {
        BigDecimal sum = null;
        for (Node modifier : line.children("RetailPriceModifier")) {
            BigDecimal amount = decimal(modifier.text("Amount"));
            if (amount != null) {
                sum = sum == null ? amount.abs() : sum.add(amount.abs());
            }
        }
        if (sum == null && regular != null && actual != null && decimal(regular) != null && decimal(actual) != null
                && decimal(quantity) != null) {
            BigDecimal gap = decimal(regular).subtract(decimal(actual)).multiply(decimal(quantity));
            sum = gap.signum() > 0 ? gap : null;
        }
        return sum == null ? null : sum.toPlainString();
    }

    private static String transactionId(String store, String register, String day, String sequence) {
        if (sequence == null) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        for (String part : new String[]{store, register, day == null ? null : day.replace("-", ""), sequence}) {
            if (part != null) {
                parts.add(part);
            }
        }
        return String.join("-", parts);
    }

    private static String wholeNumber(String quantity) {
        return quantity.strip().replaceFirst("\\.0+$", "");
    }

    private static String abs(String amount) {
        return amount.startsWith("-") ? amount.substring(1) : amount;
    }

    private static BigDecimal decimal(String value) {
        try {
            return value == null ? null : new BigDecimal(value.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String first(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        return null;
    }

    /** Just enough of a DOM for one transaction. */
    private static final class Node {

        final String name;
        final long line;
        final Map<String, String> attributes = new HashMap<>();
        final StringBuilder text = new StringBuilder();
        final List<Node> children = new ArrayList<>();

        Node(String name, long line) {
            this.name = name;
            this.line = line;
        }

        Node child(String childName) {
            for (Node child : children) {
                if (child.name.equals(childName)) {
                    return child;
                }
            }
            return null;
        }

        List<Node> children(String childName) {
            return children.stream().filter(c -> c.name.equals(childName)).toList();
        }

        String text(String childName) {
            Node child = child(childName);
            String value = child == null ? null : child.text.toString().strip();
            return value == null || value.isEmpty() ? null : value;
        }

        /** The first element with one of these names anywhere below, depth first. */
        Node find(String... names) {
            for (Node child : children) {
                for (String wanted : names) {
                    if (child.name.equals(wanted)) {
                        return child;
                    }
                }
                Node below = child.find(names);
                if (below != null) {
                    return below;
                }
            }
            return null;
        }
    }
}
