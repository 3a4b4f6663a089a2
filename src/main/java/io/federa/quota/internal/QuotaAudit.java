package io.federa.quota.internal;

import io.federa.clusters.TeamQos;
import io.federa.quota.NotebookLimits;
import io.federa.quota.QosPushed;
import io.federa.quota.QuotaChanged;
import io.federa.quota.TeamQuota;
import io.federa.shared.AuditEvents;
import io.federa.shared.AuditRecord;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/** The quota module's audit events; publish inside the transaction that makes the change. */
@Component
class QuotaAudit {

    private final ApplicationEventPublisher events;
    private final AuditEvents audit;

    QuotaAudit(ApplicationEventPublisher events, AuditEvents audit) {
        this.events = events;
        this.audit = audit;
    }

    void quotaSet(@Nullable TeamQuota before, TeamQuota after) {
        events.publishEvent(new QuotaChanged(record("quota.set", "team-quota", after.team() + "@" + after.cluster())
                .team(after.team())
                .before(before == null ? Map.of() : limits(before))
                .after(limits(after))));
    }

    void notebookLimitsSet(
            String action, @Nullable String team, @Nullable NotebookLimits before, @Nullable NotebookLimits after) {
        events.publishEvent(new QuotaChanged(record(action, "notebook-quota", team == null ? "defaults" : team)
                .team(team)
                .before(limits(before))
                .after(limits(after))));
    }

    void pushed(String team, String cluster, @Nullable String error, @Nullable String note) {
        var after = new LinkedHashMap<String, String>();
        after.put("qos", TeamQos.nameFor(team, cluster));
        if (note != null) {
            after.put("note", note);
        }
        AuditRecord pushed = record("quota.pushed", "team-quota", team + "@" + cluster)
                .team(team)
                .after(after);
        events.publishEvent(new QosPushed(error == null ? pushed : pushed.failed(error)));
    }

    private AuditRecord record(String action, String type, String id) {
        return audit.record(action, type, id);
    }

    private static Map<String, String> limits(TeamQuota q) {
        var out = new LinkedHashMap<String, String>();
        out.put("maxCpus", text(q.maxCpus()));
        out.put("maxGpus", text(q.maxGpus()));
        out.put("maxJobs", text(q.maxJobs()));
        out.put("cpuHoursPerMonth", text(q.cpuHoursPerMonth()));
        out.put("gpuHoursPerMonth", text(q.gpuHoursPerMonth()));
        return out;
    }

    private static Map<String, String> limits(@Nullable NotebookLimits l) {
        return l == null
                ? Map.of()
                : Map.of("maxPerPerson", text(l.maxPerPerson()), "maxPerTeam", text(l.maxPerTeam()));
    }

    private static String text(@Nullable Integer n) {
        return n == null ? "no limit" : n.toString();
    }
}
