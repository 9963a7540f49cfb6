package io.footbridge.capture.pos;

import io.footbridge.platform.Actor;
import io.footbridge.platform.Reach;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriUtils;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import static io.footbridge.platform.Reach.Level.PER_STORE;

@RestController
@RequestMapping("/api/v1/transactions")
@PreAuthorize("hasAuthority('SCOPE_pos')")
@Tag(name = "POS transactions", description = "Sales, refunds and voids from the till, idempotent by transactionId")
@Reach(PER_STORE)
class TransactionController {

    private final TransactionService transactions;

    TransactionController(TransactionService transactions) {
        this.transactions = transactions;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Record a sale, refund or void: 201 the first time, 200 with the first answer on a retry")
    ResponseEntity<Transaction> record(@AuthenticationPrincipal Actor actor,
                                       @Valid @RequestBody TransactionRequest request) {
        TransactionService.Outcome outcome = transactions.record(actor, request);
        // a till's id may hold anything (a space, a quote, '%'): encoded, so the Location is a valid URI
        URI location = URI.create("/api/v1/transactions/"
                + UriUtils.encodePathSegment(outcome.transaction().transactionId(), StandardCharsets.UTF_8));
        return outcome.created() ? ResponseEntity.created(location).body(outcome.transaction())
                : ResponseEntity.ok().location(location).body(outcome.transaction());
    }

    @GetMapping("/{transactionId}")
    @Operation(summary = "Get a transaction by the POS's transaction id")
    Transaction get(@AuthenticationPrincipal Actor actor, @PathVariable String transactionId) {
        return transactions.get(actor, transactionId);
    }
}
