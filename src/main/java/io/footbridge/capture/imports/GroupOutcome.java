package io.footbridge.capture.imports;

import java.util.List;

/** What became of one group of rows: a customer, a product, or all the lines of one sale. */
public record GroupOutcome(Status status, List<RowError> errors) {

    public enum Status { IMPORTED, DUPLICATE, REJECTED }

    public static final GroupOutcome IMPORTED = new GroupOutcome(Status.IMPORTED, List.of());
    public static final GroupOutcome DUPLICATE = new GroupOutcome(Status.DUPLICATE, List.of());

    public static GroupOutcome rejected(List<RowError> errors) {
        return new GroupOutcome(Status.REJECTED, List.copyOf(errors));
    }
}
