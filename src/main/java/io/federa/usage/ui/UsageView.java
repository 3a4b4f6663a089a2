package io.federa.usage.ui;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.NativeTable;
import com.vaadin.flow.component.html.NativeTableBody;
import com.vaadin.flow.component.html.NativeTableRow;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.AccessDeniedException;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import io.federa.access.ClusterAccount;
import io.federa.access.TeamAccounts;
import io.federa.identity.CurrentUser;
import io.federa.identity.CurrentUsers;
import io.federa.mirror.UsageRecorded;
import io.federa.quota.Usage;
import io.federa.quota.UsageTotal;
import io.federa.shared.LiveUpdates;
import io.federa.shared.ui.LiveRefresh;
import io.federa.tenancy.TeamDirectory;
import io.federa.tenancy.TeamOverview;
import jakarta.annotation.security.PermitAll;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * CPU-hours and GPU-hours of one team per day (last 30 days) or month (last 12 months), on one
 * cluster or all, as charts rendered on the server and as a table. The team is in the URL ({@code
 * ?team=..&cluster=..&period=days|months}) so the page can be linked; a team the user may not act
 * for ends on the "not allowed" page (a page load answers 403: {@link UsagePageAccessFilter}).
 */
@Route("usage")
@PageTitle("Usage · Federa")
@Menu(title = "Usage", order = 25, icon = "vaadin:chart")
@PermitAll
class UsageView extends VerticalLayout implements BeforeEnterObserver {

    static final String ALL = "";
    static final String DAYS = "days";
    static final String MONTHS = "months";

    private final Usage usage;
    private final TeamDirectory teams;
    private final TeamAccounts teamAccounts;
    private final CurrentUsers currentUsers;
    private final Clock clock;
    private final Div content = new Div();
    private @Nullable Selection shown;
    private @Nullable CurrentUser viewer;

    record Selection(String team, String cluster, String period) {}

    UsageView(
            Usage usage,
            TeamDirectory teams,
            TeamAccounts teamAccounts,
            CurrentUsers currentUsers,
            LiveUpdates liveUpdates,
            Clock clock) {
        this.usage = usage;
        this.teams = teams;
        this.teamAccounts = teamAccounts;
        this.currentUsers = currentUsers;
        LiveRefresh.follow(this, liveUpdates, UsageRecorded.class, this::render);
        this.clock = clock;
        addClassName("federa-page");
        setId("usage");
        content.setWidthFull();
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        CurrentUser me = currentUsers.require();
        Map<String, List<String>> params =
                event.getLocation().getQueryParameters().getParameters();
        List<String> myTeams = (me.isPortalAdmin() ? teams.allTeams() : teams.teamsOf(me))
                .stream().map(TeamOverview::name).toList();
        String team = first(params, "team");
        if (team.isBlank()) {
            team = myTeams.isEmpty() ? "" : myTeams.getFirst();
        } else if (!teams.mayActFor(me, team)) {
            // nothing of that team is read; the page load itself was already answered 403
            event.rerouteToError(AccessDeniedException.class, "You may not see the usage of team " + team + ".");
            return;
        }
        String cluster = first(params, "cluster");
        String period = MONTHS.equals(first(params, "period")) ? MONTHS : DAYS;
        shown = new Selection(team, cluster, period);
        // kept: live refreshes run on other threads, without the request's security context
        viewer = me;
        removeAll();
        add(new H2("Usage"));
        add(new Paragraph("CPU-hours and GPU-hours a team's jobs used, from the portal's mirror of every "
                + "cluster's jobs: CPUs (or GPUs) × run time, counted on the UTC day (or month) they ran; a job "
                + "over midnight counts on both days, a running job up to now. Jobs count for the team whose "
                + "Slurm account they ran under, whoever submitted them."));
        if (team.isBlank()) {
            add(new Paragraph("You are not in any team yet, so there is no usage to show. Teams come from your "
                    + "groups in the identity provider."));
            return;
        }
        add(controls(myTeams, shown));
        add(content);
        render();
    }

    private HorizontalLayout controls(List<String> myTeams, Selection s) {
        var team = new Select<String>();
        team.setId("usage-team");
        team.setLabel("Team");
        var teamChoices = new ArrayList<>(myTeams);
        if (!teamChoices.contains(s.team())) {
            teamChoices.add(s.team());
        }
        team.setItems(teamChoices);
        team.setValue(s.team());

        var cluster = new Select<String>();
        cluster.setId("usage-cluster");
        cluster.setLabel("Cluster");
        var clusters = new TreeSet<String>();
        teamAccounts.accountsOf(List.of(s.team())).stream()
                .map(ClusterAccount::cluster)
                .forEach(clusters::add);
        if (!s.cluster().isBlank()) {
            clusters.add(s.cluster());
        }
        var clusterChoices = new ArrayList<String>();
        clusterChoices.add(ALL);
        clusterChoices.addAll(clusters);
        cluster.setItems(clusterChoices);
        cluster.setItemLabelGenerator(c -> c.isBlank() ? "All clusters" : c);
        cluster.setValue(s.cluster());

        var period = new Select<String>();
        period.setId("usage-period");
        period.setWidth("16em");
        period.setLabel("Period");
        period.setItems(DAYS, MONTHS);
        period.setItemLabelGenerator(p -> DAYS.equals(p) ? "Last 30 days, by day" : "Last 12 months, by month");
        period.setValue(s.period());

        team.addValueChangeListener(e -> go(new Selection(e.getValue(), ALL, period.getValue())));
        cluster.addValueChangeListener(e -> go(new Selection(team.getValue(), e.getValue(), period.getValue())));
        period.addValueChangeListener(e -> go(new Selection(team.getValue(), cluster.getValue(), e.getValue())));
        var controls = new HorizontalLayout(team, cluster, period);
        controls.addClassName("federa-filters");
        return controls;
    }

    /** Changes go through the URL, so what is shown can always be linked. */
    private void go(Selection s) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("team", s.team());
        if (!s.cluster().isBlank()) {
            query.put("cluster", s.cluster());
        }
        query.put("period", s.period());
        getUI().ifPresent(ui -> ui.navigate("usage", QueryParameters.simple(query)));
    }

    private void render() {
        Selection s = shown;
        CurrentUser me = viewer;
        if (s == null || me == null) {
            return;
        }
        content.removeAll();
        String cluster = s.cluster().isBlank() ? null : s.cluster();
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        boolean byDay = DAYS.equals(s.period());
        List<UsageTotal> totals;
        List<String> periods = new ArrayList<>();
        if (byDay) {
            LocalDate from = today.minusDays(29);
            totals = usage.daily(me, s.team(), cluster, from, today);
            for (LocalDate d = from; !d.isAfter(today); d = d.plusDays(1)) {
                periods.add(d.toString());
            }
        } else {
            YearMonth to = YearMonth.from(today);
            YearMonth from = to.minusMonths(11);
            totals = usage.monthly(me, s.team(), cluster, from, to);
            for (YearMonth m = from; !m.isAfter(to); m = m.plusMonths(1)) {
                periods.add(m.toString());
            }
        }
        String where = cluster == null ? "any cluster" : cluster;
        String when = byDay ? "the last 30 days" : "the last 12 months";
        if (totals.isEmpty()) {
            var empty = new Paragraph("No jobs of team " + s.team() + " have run on " + where + " in " + when
                    + ". Usage appears here once a job under one of the team's Slurm accounts has started.");
            empty.setId("usage-empty");
            content.add(empty);
            return;
        }
        List<String> clusters =
                totals.stream().map(UsageTotal::cluster).distinct().sorted().toList();
        var periodOf = (java.util.function.Function<UsageTotal, String>)
                t -> byDay ? t.period().toString() : YearMonth.from(t.period()).toString();
        String unit = byDay ? "Day (UTC)" : "Month (UTC)";
        String scope = " of team " + s.team() + " on " + (cluster == null ? "all clusters" : cluster) + ", " + when;
        content.add(chart(
                "usage-chart-cpu",
                UsageChart.svg(
                        "usage-cpu-svg",
                        "CPU-hours" + scope,
                        unit,
                        "CPU-hours",
                        periods,
                        clusters,
                        totals,
                        periodOf,
                        UsageTotal::cpuHours)));
        content.add(chart(
                "usage-chart-gpu",
                UsageChart.svg(
                        "usage-gpu-svg",
                        "GPU-hours" + scope,
                        unit,
                        "GPU-hours",
                        periods,
                        clusters,
                        totals,
                        periodOf,
                        UsageTotal::gpuHours)));
        content.add(table(totals, periodOf, byDay));
    }

    private static Div chart(String id, String svg) {
        var chart = new Div();
        chart.setId(id);
        chart.addClassName("usage-chart");
        // the SVG is generated here from numbers and escaped names, never from user-supplied markup
        chart.getElement().setProperty("innerHTML", svg);
        return chart;
    }

    private static NativeTable table(
            List<UsageTotal> totals, java.util.function.Function<UsageTotal, String> periodOf, boolean byDay) {
        var table = new NativeTable();
        table.setId("usage-table");
        table.addClassName("usage-table");
        table.setCaptionText(
                "The numbers in the charts" + (byDay ? ", per day and cluster" : ", per month and cluster"));
        NativeTableRow head = table.getHead().addRow();
        for (String h : List.of(byDay ? "Day (UTC)" : "Month", "Cluster", "CPU-hours", "GPU-hours")) {
            head.addHeaderCell().setText(h);
        }
        NativeTableBody body = table.addBody();
        double cpu = 0;
        double gpu = 0;
        for (UsageTotal t : totals) {
            NativeTableRow row = body.addRow();
            row.getElement().setAttribute("data-period", periodOf.apply(t));
            row.getElement().setAttribute("data-cluster", t.cluster());
            row.addDataCell().setText(periodOf.apply(t));
            row.addDataCell().setText(t.cluster());
            row.addDataCell().setText(hours(t.cpuHours()));
            row.addDataCell().setText(hours(t.gpuHours()));
            cpu += t.cpuHours();
            gpu += t.gpuHours();
        }
        NativeTableRow total = table.getFoot().addRow();
        total.addHeaderCell().setText("Total");
        total.addDataCell();
        total.addDataCell().setText(hours(cpu));
        total.addDataCell().setText(hours(gpu));
        return table;
    }

    /** Enough digits that a few seconds of one CPU do not show as zero. */
    static String hours(double h) {
        if (h == 0) {
            return "0";
        }
        if (h >= 100) {
            return String.format(Locale.ROOT, "%.0f", h);
        }
        if (h >= 0.1) {
            return String.format(Locale.ROOT, "%.2f", h);
        }
        return String.format(Locale.ROOT, "%.4f", h);
    }

    private static String first(Map<String, List<String>> params, String name) {
        List<String> values = params.getOrDefault(name, List.of());
        return values.isEmpty() || values.getFirst() == null
                ? ""
                : values.getFirst().trim();
    }
}
