package io.federa.usage.web;

import io.federa.identity.CurrentUser;
import io.federa.identity.CurrentUsers;
import io.federa.quota.Usage;
import io.federa.quota.UsageTotal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A team's usage as JSON, the same team-scoped reads as the Usage page: {@code GET
 * /api/usage?team=..&cluster=..&from=..&to=..&by=day|month}. {@code from}/{@code to} are ISO dates
 * (inclusive; for months, the months containing them); by default the last 30 days or 12 months. A
 * team the caller may not act for answers 403.
 */
@RestController
@RequestMapping("/api/usage")
class UsageApi {

    static final String BAD_RANGE =
            "The range is not valid: from must be on or before to, and a range covers at most about ten years.";

    enum By {
        day,
        month
    }

    record UsageRow(
            LocalDate period, String cluster, double cpuHours, double gpuHours, long cpuSeconds, long gpuSeconds) {
        static UsageRow of(UsageTotal t) {
            return new UsageRow(t.period(), t.cluster(), t.cpuHours(), t.gpuHours(), t.cpuSeconds(), t.gpuSeconds());
        }
    }

    record UsageReport(
            String team, @Nullable String cluster, By by, LocalDate from, LocalDate to, List<UsageRow> totals) {}

    private final Usage usage;
    private final CurrentUsers currentUsers;
    private final Clock clock;

    UsageApi(Usage usage, CurrentUsers currentUsers, Clock clock) {
        this.usage = usage;
        this.currentUsers = currentUsers;
        this.clock = clock;
    }

    @GetMapping
    UsageReport usage(
            @RequestParam String team,
            @RequestParam(required = false) @Nullable String cluster,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate to,
            @RequestParam(defaultValue = "day") By by) {
        CurrentUser me = currentUsers.require();
        String onCluster = cluster == null || cluster.isBlank() ? null : cluster.trim();
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        LocalDate end = to != null ? to : today;
        if (by == By.day) {
            LocalDate start = from != null ? from : end.minusDays(29);
            var totals = usage.daily(me, team, onCluster, start, end);
            return new UsageReport(
                    team,
                    onCluster,
                    by,
                    start,
                    end,
                    totals.stream().map(UsageRow::of).toList());
        }
        YearMonth last = YearMonth.from(end);
        YearMonth first = from != null ? YearMonth.from(from) : last.minusMonths(11);
        var totals = usage.monthly(me, team, onCluster, first, last);
        return new UsageReport(
                team,
                onCluster,
                by,
                first.atDay(1),
                last.atEndOfMonth(),
                totals.stream().map(UsageRow::of).toList());
    }

    /** The ledger refuses a range that ends before it starts or spans too long; its words stay inside. */
    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail badRange(IllegalArgumentException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, BAD_RANGE);
    }
}
