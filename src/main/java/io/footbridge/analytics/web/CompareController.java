package io.footbridge.analytics.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.footbridge.analytics.Comparison;
import io.footbridge.platform.FieldError;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.Reach;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.footbridge.platform.Reach.Level.SHARED;

@RestController
@Tag(name = "Analytics", description = "Figures, cohorts, lifetime value and comparisons with significance")
class CompareController {

    /** More groups than an experiment has; the χ² check and the response stay small. */
    private static final int MAX_GROUPS = 50;

    /**
     * One group's counts: {@code revenue} the sum of each member's revenue, {@code revenueSquares} the sum of their
     * squares (in any unit, minor units of one currency as a rule), {@code expectedShare} the share of members the
     * split meant it to get.
     */
    record GroupCounts(String name, Long members, Long conversions, Double revenue, Double revenueSquares,
                       Double expectedShare) {
    }

    /** {@code control}: the group the others are compared with; by default the one named control (or the first). */
    record CompareRequest(List<GroupCounts> groups, String control, Boolean sequential) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record GroupResult(String name, long members, long conversions, double conversionRate, Double revenuePerMember,
                       Double lift, Double[] ci95, Double pValue, Effect revenue) {
    }

    record Effect(Double lift, Double[] ci95, Double pValue) {
    }

    record SampleRatio(double pValue, boolean mismatch, double threshold) {
    }

    record CompareResponse(String control, boolean sequential, List<GroupResult> groups, SampleRatio sampleRatio) {
    }

    @PostMapping("/api/v1/analytics/compare")
    @PreAuthorize("hasAuthority('SCOPE_analytics:read')")
    @Operation(summary = "Compare groups with a control: lift with its 95 % interval and p-value for conversion"
            + " (two-proportion z) and revenue per member (Welch), a sample-ratio-mismatch check, and an always-valid"
            + " sequential option")
    @Reach(SHARED)
    CompareResponse compare(@RequestBody CompareRequest request) {
        List<Comparison.Group> groups = validate(request);
        String control = request.control() != null ? request.control()
                : groups.stream().map(Comparison.Group::name).filter("control"::equals).findFirst()
                .orElse(groups.get(0).name());
        Comparison.Outcome outcome = Comparison.compare(groups, control, Boolean.TRUE.equals(request.sequential()));
        List<GroupResult> results = outcome.groups().stream().map(r -> new GroupResult(r.name(), r.members(),
                r.conversions(), r.conversionRate(), r.revenuePerMember(),
                r.conversion() == null ? null : finite(r.conversion().lift()),
                r.conversion() == null ? null : interval(r.conversion()),
                r.conversion() == null ? null : r.conversion().pValue(),
                r.revenue() == null ? null : new Effect(finite(r.revenue().lift()), interval(r.revenue()),
                        r.revenue().pValue()))).toList();
        return new CompareResponse(control, outcome.sequential(), results,
                new SampleRatio(outcome.sampleRatioPValue(), outcome.sampleRatioMismatch(), Comparison.SRM_THRESHOLD));
    }

    private static List<Comparison.Group> validate(CompareRequest request) {
        List<FieldError> errors = new ArrayList<>();
        if (request == null || request.groups() == null || request.groups().size() < 2) {
            throw ProblemException.invalid("groups", "give at least two groups");
        }
        if (request.groups().size() > MAX_GROUPS) {
            throw ProblemException.invalid("groups", "at most " + MAX_GROUPS + " groups");
        }
        Set<String> names = new HashSet<>();
        long shares = request.groups().stream().filter(g -> g != null && g.expectedShare() != null).count();
        long revenues = request.groups().stream().filter(g -> g != null && g.revenue() != null).count();
        List<Comparison.Group> groups = new ArrayList<>();
        for (int i = 0; i < request.groups().size(); i++) {
            GroupCounts g = request.groups().get(i);
            String at = "groups[" + i + "]";
            if (g == null) {
                errors.add(new FieldError(at, "must be an object"));
                continue;
            }
            if (g.name() == null || g.name().isBlank() || g.name().length() > 100) {
                errors.add(new FieldError(at + ".name", "must be 1 to 100 characters"));
            } else if (!names.add(g.name())) {
                errors.add(new FieldError(at + ".name", "must be unique; " + g.name() + " is given twice"));
            }
            if (g.members() == null || g.members() < 1) {
                errors.add(new FieldError(at + ".members", "must be 1 or more"));
            }
            if (g.conversions() == null || g.conversions() < 0
                    || (g.members() != null && g.conversions() > g.members())) {
                errors.add(new FieldError(at + ".conversions", "must be from 0 to members"));
            }
            if (revenues > 0 && revenues < request.groups().size() && g.revenue() == null) {
                errors.add(new FieldError(at + ".revenue", "give revenue for every group or for none"));
            }
            if (g.revenue() != null && !Double.isFinite(g.revenue())) {
                errors.add(new FieldError(at + ".revenue", "must be a number"));
            }
            if (g.revenue() != null && (g.revenueSquares() == null || !(g.revenueSquares() >= 0)
                    || !Double.isFinite(g.revenueSquares()))) {
                errors.add(new FieldError(at + ".revenueSquares",
                        "with revenue, give the sum of each member's revenue squared (0 or more)"));
            }
            if (shares > 0 && shares < request.groups().size() && g.expectedShare() == null) {
                errors.add(new FieldError(at + ".expectedShare", "give an expected share for every group or for none"));
            }
            if (g.expectedShare() != null && !(g.expectedShare() > 0 && g.expectedShare() <= 1)) {
                errors.add(new FieldError(at + ".expectedShare", "must be more than 0 and at most 1"));
            }
            groups.add(new Comparison.Group(g.name(), g.members() == null ? 0 : g.members(),
                    g.conversions() == null ? 0 : g.conversions(), g.revenue(), g.revenueSquares(), g.expectedShare()));
        }
        if (request.control() != null && !names.contains(request.control())) {
            errors.add(new FieldError("control", "must name one of the groups"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return groups;
    }

    /** JSON has no NaN: a lift over a control without conversions is null. */
    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }

    private static Double[] interval(Comparison.Effect effect) {
        return new Double[]{finite(effect.ci95()[0]), finite(effect.ci95()[1])};
    }
}
