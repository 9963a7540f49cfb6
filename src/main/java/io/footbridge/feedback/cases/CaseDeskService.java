package io.footbridge.feedback.cases;

import io.footbridge.feedback.CaseDesk;
import io.footbridge.platform.Actor;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.Staff;
import org.springframework.stereotype.Service;

import java.util.List;
import java.util.UUID;

/** The console's way to the cases: {@link Cases} with its store scope and audit. */
@Service
class CaseDeskService implements CaseDesk {

    /** The most staff members an owner picker offers. */
    private static final int ASSIGNEES = 200;

    private final Cases cases;
    private final Staff staff;

    CaseDeskService(Cases cases, Staff staff) {
        this.cases = cases;
        this.staff = staff;
    }

    @Override
    public List<Assignee> assignees(Actor actor, UUID caseId) {
        UUID storeId = cases.storeOf(actor, caseId);
        return staff.active(actor.tenantId(), ASSIGNEES).stream()
                .filter(s -> storeId == null ? s.allStores() : s.canAccessStore(storeId))
                .map(s -> new Assignee(s.id(), s.label())).toList();
    }

    @Override
    public List<Summary> list(Actor actor, String storeCode, String status, UUID ownerId, int limit, int offset) {
        return cases.list(actor, storeCode, status, ownerId, limit, offset).stream()
                .map(CaseDeskService::summary).toList();
    }

    @Override
    public Detail get(Actor actor, UUID caseId) {
        return detail(cases.get(actor, caseId));
    }

    @Override
    public Detail move(Actor actor, UUID caseId, String status, String customerMessage) {
        if (customerMessage != null && customerMessage.length() > MAX_CUSTOMER_MESSAGE) {
            throw ProblemException.invalid("customerMessage", "size must be between 0 and " + MAX_CUSTOMER_MESSAGE);
        }
        if (status == null && customerMessage == null) {
            throw ProblemException.invalid("status", "give a status or what the customer is told");
        }
        return detail(cases.change(actor, caseId, status, false, null, customerMessage != null, customerMessage));
    }

    @Override
    public Detail assign(Actor actor, UUID caseId, UUID ownerId) {
        return detail(cases.change(actor, caseId, null, true, ownerId, false, null));
    }

    @Override
    public Detail note(Actor actor, UUID caseId, String text) {
        if (text == null || text.isBlank()) {
            throw ProblemException.invalid("text", "must not be blank");
        }
        if (text.length() > MAX_NOTE) {
            throw ProblemException.invalid("text", "size must be between 0 and " + MAX_NOTE);
        }
        cases.note(actor, caseId, text);
        return get(actor, caseId);
    }

    private static Summary summary(Cases.View v) {
        return new Summary(v.id(), v.reference(), v.store(), v.status(), v.owner() == null ? null : v.owner().id(),
                v.owner() == null ? null : v.owner().name(), v.subject(), v.score(), v.source(), v.openedAt(),
                v.updatedAt());
    }

    private static Detail detail(Cases.View v) {
        return new Detail(summary(v), v.description(), v.customer() == null ? null : v.customer().profileId(),
                v.customer() == null ? null : v.customer().channel(),
                v.customer() == null ? null : v.customer().address(), v.customerMessage(), v.statusUrl(), v.next(),
                v.resolvedAt(), v.closedAt(),
                v.notes() == null ? List.of() : v.notes().stream()
                        .map(n -> new Note(n.author(), n.text(), n.createdAt())).toList(),
                v.history() == null ? List.of() : v.history().stream()
                        .map(h -> new Change(h.occurredAt(), h.actor(), h.kind(), h.from(), h.to())).toList());
    }
}
