package io.federa.quota.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import io.federa.identity.CurrentUser;
import io.federa.quota.NotebookQuotas;
import io.federa.quota.QuotaOverview;
import io.federa.quota.Quotas;
import io.federa.quota.QuotasChanged;
import io.federa.quota.TeamNotebookQuota;
import io.federa.quota.TeamQuota;
import io.federa.quota.Usage;
import io.federa.quota.UsageTotal;
import io.federa.shared.LiveUpdates;
import io.federa.shared.ui.LiveRefresh;
import io.federa.tenancy.TeamOverview;
import io.federa.tenancy.ui.DashboardSection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * "Quotas" on the dashboard: for each of the user's teams, per cluster, the limits and what is in use
 * now, so that people know before they submit. Each cluster line has a slot for the usage of the
 * month ({@link #usedThisMonth}).
 */
@org.springframework.stereotype.Component
class QuotaDashboardSection implements DashboardSection {

    private final Quotas quotas;
    private final NotebookQuotas notebooks;
    private final LiveUpdates liveUpdates;
    private final Usage usage;

    QuotaDashboardSection(Quotas quotas, NotebookQuotas notebooks, LiveUpdates liveUpdates, Usage usage) {
        this.quotas = quotas;
        this.notebooks = notebooks;
        this.liveUpdates = liveUpdates;
        this.usage = usage;
    }

    @Override
    public int order() {
        return 100;
    }

    @Override
    public Component render(CurrentUser user, List<TeamOverview> teams) {
        return new Section(user, teams.stream().map(TeamOverview::name).toList());
    }

    /**
     * The team's CPU- and GPU-hours used this calendar month (UTC) on the cluster, in words ("12.5 of
     * 100 CPU-hours · 0.0 GPU-hours"), from the usage ledger.
     */
    Optional<String> usedThisMonth(CurrentUser user, TeamQuota quota) {
        UsageTotal used = usage.monthToDate(user, quota.team(), quota.cluster());
        return Optional.of(String.format(
                Locale.ROOT,
                "%.1f%s CPU-hours · %.1f%s GPU-hours",
                used.cpuHours(),
                quota.cpuHoursPerMonth() == null ? "" : " of " + quota.cpuHoursPerMonth(),
                used.gpuHours(),
                quota.gpuHoursPerMonth() == null ? "" : " of " + quota.gpuHoursPerMonth()));
    }

    private class Section extends Div {

        private final CurrentUser user;
        private final List<String> teams;

        Section(CurrentUser user, List<String> teams) {
            this.user = user;
            this.teams = teams;
            setId("my-quotas");
            LiveRefresh.follow(this, liveUpdates, QuotasChanged.class, e -> teams.contains(e.team()), this::refresh);
            refresh();
        }

        private void refresh() {
            removeAll();
            add(new H3("Quotas"));
            if (teams.isEmpty()) {
                add(new Paragraph("Quotas are per team; you will see your teams' quotas here once you are in one."));
                return;
            }
            add(new Paragraph("What your teams may use at once on each cluster, and what their work holds now. "
                    + "A submission that would go over a limit is refused with the reason."));
            for (String team : teams) {
                add(card(team));
            }
        }

        private Div card(String team) {
            var card = new Div();
            card.addClassNames("federa-card", "team-quota");
            card.getElement().setAttribute("data-team", team);
            var name = new Span(team);
            name.addClassName("team-name");
            card.add(name);
            List<QuotaOverview> mine = quotas.quotasOf(user, team);
            if (mine.isEmpty()) {
                card.add(new Paragraph("No quota is set on any cluster: the team is not limited by the portal."));
            }
            for (QuotaOverview o : mine) {
                card.add(clusterLine(o));
            }
            card.add(notebookLine(notebooks.notebookQuotaOf(user, team)));
            return card;
        }

        private Div clusterLine(QuotaOverview o) {
            TeamQuota q = o.quota();
            var line = new Div();
            line.addClassName("quota-cluster");
            line.getElement().setAttribute("data-cluster", q.cluster());
            var cluster = new Span(q.cluster() + ": ");
            cluster.addClassName("label");
            line.add(cluster);
            line.add(new Span("CPUs " + Limits.used(o.inUse().cpus(), q.maxCpus())
                    + " · GPUs " + Limits.used(o.inUse().gpus(), q.maxGpus())
                    + " · jobs " + Limits.used(o.inUse().jobs(), q.maxJobs())
                    + " · per month: " + Limits.limit(q.cpuHoursPerMonth()) + " CPU-hours, "
                    + Limits.limit(q.gpuHoursPerMonth()) + " GPU-hours"));
            usedThisMonth(user, q).ifPresent(used -> {
                var month = new Div(new Span("Used this month: " + used));
                month.addClassName("quota-month");
                line.add(month);
            });
            return line;
        }

        private Div notebookLine(TeamNotebookQuota n) {
            var line = new Div();
            line.addClassName("quota-notebooks");
            var label = new Span("Notebooks: ");
            label.addClassName("label");
            line.add(label);
            line.add(new Span(Limits.used(n.open(), n.effective().maxPerTeam()) + " open in the team; " + "you: "
                    + Limits.used(
                            notebooks.openBy(n.team(), user.username()),
                            n.effective().maxPerPerson())));
            return line;
        }
    }
}
