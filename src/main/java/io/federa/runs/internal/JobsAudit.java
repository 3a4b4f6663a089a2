package io.federa.runs.internal;

import io.federa.identity.CurrentUser;
import io.federa.runs.Run;
import io.federa.runs.RunCancelled;
import io.federa.runs.RunSubmitted;
import io.federa.runs.Sweep;
import io.federa.runs.SweepSubmitted;
import io.federa.shared.AuditEvents;
import io.federa.shared.AuditRecord;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * The audit events of runs and sweeps (ADR 19). Submits are
 * published inside the transaction that stores them; a cancel, which changes nothing in the
 * portal's database until the mirror sees the job end, is published on its own.
 */
@Component
class JobsAudit {

    private final ApplicationEventPublisher events;
    private final AuditEvents alone;

    JobsAudit(ApplicationEventPublisher events, AuditEvents alone) {
        this.events = events;
        this.alone = alone;
    }

    void runSubmitted(CurrentUser user, Run run) {
        events.publishEvent(new RunSubmitted(
                record(user, "run.submitted", "run", run.id()).team(run.team()).after(runSummary(run))));
    }

    void runCancelled(CurrentUser user, Run run, @Nullable String error) {
        AuditRecord r = record(user, "run.cancelled", "run", run.id())
                .team(run.team())
                .before(Map.of("state", run.state().name()));
        alone.publishAlone(new RunCancelled(error == null ? r : r.failed(error)));
    }

    void sweepSubmitted(CurrentUser user, Sweep sweep, int trials) {
        var after = new LinkedHashMap<String, String>();
        after.put("cluster", sweep.cluster());
        after.put("trials", Integer.toString(trials));
        after.put("owner", sweep.owner());
        events.publishEvent(new SweepSubmitted(record(user, "sweep.submitted", "sweep", sweep.id())
                .team(sweep.team())
                .after(after)));
    }

    /**
     * The acting caller from the security context; when there is none (work handed in with an explicit
     * user, as the services allow), the person the service was called for.
     */
    private AuditRecord record(@Nullable CurrentUser user, String action, String type, String id) {
        return alone.recordFor(user == null ? null : user.username(), action, type, id);
    }

    private static Map<String, String> runSummary(Run run) {
        var out = new LinkedHashMap<String, String>();
        out.put("cluster", run.cluster());
        out.put("account", run.account());
        out.put("slurmUser", run.slurmUser());
        out.put("owner", run.owner());
        out.put("cpus", Integer.toString(run.resources().cpus()));
        out.put("gpus", Integer.toString(run.resources().totalGpus()));
        out.put("partition", String.valueOf(run.resources().partition()));
        run.tags().forEach((k, v) -> out.put("tag." + k, v));
        run.params().forEach((k, v) -> out.put("param." + k, v));
        return out;
    }
}
