package io.federa.quota.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.federa.clusters.ClusterOverview;
import io.federa.clusters.ClusterRegistry;
import io.federa.kubernetes.KubernetesClusters;
import io.federa.quota.KubernetesQuotas;
import io.federa.quota.NotebookLimits;
import io.federa.quota.NotebookQuotas;
import io.federa.quota.QosPushStatus;
import io.federa.quota.QuotaOverview;
import io.federa.quota.Quotas;
import io.federa.quota.QuotasChanged;
import io.federa.quota.TeamNotebookQuota;
import io.federa.quota.TeamQuota;
import io.federa.shared.LiveUpdates;
import io.federa.shared.Roles;
import io.federa.shared.UserFacingException;
import io.federa.shared.ui.LiveRefresh;
import io.federa.tenancy.TeamDirectory;
import io.federa.tenancy.TeamOverview;
import jakarta.annotation.security.RolesAllowed;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Admin: every team's quota per cluster with what is in use and whether Slurm holds it (its QOS), and
 * the notebook quotas. Saving a quota stores it and pushes it to the cluster at once (ADR 9).
 */
@Route("admin/quotas")
@PageTitle("Quotas · Federa")
@Menu(title = "Quotas", order = 115, icon = "vaadin:scale")
@RolesAllowed(Roles.PORTAL_ADMIN)
class QuotasView extends VerticalLayout {

    private final Quotas quotas;
    private final NotebookQuotas notebooks;
    private final ClusterRegistry clusters;
    private final TeamDirectory teams;
    private final Grid<QuotaOverview> grid = new Grid<>();
    private final Grid<TeamNotebookQuota> notebookGrid = new Grid<>();
    private final TextField defaultPerPerson = limitField("Notebooks per person");
    private final TextField defaultPerTeam = limitField("Notebooks per team");

    QuotasView(
            Quotas quotas,
            NotebookQuotas notebooks,
            ClusterRegistry clusters,
            TeamDirectory teams,
            LiveUpdates liveUpdates,
            KubernetesQuotas kubernetesQuotas,
            KubernetesClusters kubernetesClusters) {
        this.quotas = quotas;
        this.notebooks = notebooks;
        this.clusters = clusters;
        this.teams = teams;
        LiveRefresh.follow(this, liveUpdates, QuotasChanged.class, this::refresh);
        addClassName("federa-page");
        add(new H2("Quotas"));
        add(new Paragraph("A team's quota on a cluster limits the CPUs, GPUs and jobs its portal work may hold at "
                + "once, and its CPU- and GPU-hours per calendar month. Empty means no limit. The portal enforces "
                + "the limits when work is submitted, and pushes them into Slurm as the team's QOS on that cluster "
                + "so that Slurm enforces them too; a push that fails is retried by itself every few minutes, and a "
                + "QOS changed in Slurm by hand is put back. Users see their teams' quotas on their dashboard."));

        var add = new Button("Set a quota", e -> openQuotaEditor(null));
        add.setId("set-quota");
        add.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        add(add);

        grid.setId("quota-grid");
        grid.addColumn(o -> o.quota().team())
                .setHeader("Team")
                .setAutoWidth(true)
                .setSortable(true);
        grid.addColumn(o -> o.quota().cluster()).setHeader("Cluster").setAutoWidth(true);
        grid.addColumn(o -> Limits.used(o.inUse().cpus(), o.quota().maxCpus())).setHeader("CPUs in use");
        grid.addColumn(o -> Limits.used(o.inUse().gpus(), o.quota().maxGpus())).setHeader("GPUs in use");
        grid.addColumn(o -> Limits.used(o.inUse().jobs(), o.quota().maxJobs())).setHeader("Jobs in use");
        grid.addColumn(o -> Limits.limit(o.quota().cpuHoursPerMonth())).setHeader("CPU-h / month");
        grid.addColumn(o -> Limits.limit(o.quota().gpuHoursPerMonth())).setHeader("GPU-h / month");
        grid.addComponentColumn(QuotasView::pushCell).setHeader("In Slurm").setFlexGrow(3);
        grid.addComponentColumn(o -> {
                    var edit = new Button("Edit", e -> openQuotaEditor(o.quota()));
                    var again = new Button("Push again", e -> pushAgain(o.quota()));
                    again.setDisableOnClick(true);
                    edit.addThemeVariants(ButtonVariant.LUMO_SMALL);
                    again.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
                    return new HorizontalLayout(edit, again);
                })
                .setAutoWidth(true);
        grid.setAllRowsVisible(true);
        grid.setEmptyStateText("No quota is set: no team is limited.");
        add(grid);

        add(new KubernetesQuotasSection(kubernetesQuotas, kubernetesClusters, teams, liveUpdates));

        add(new H3("Notebooks"));
        add(new Paragraph("How many notebooks (on Kubernetes and on Slurm together) one person and a whole team may "
                + "have open at once. The portal default applies to every team without its own setting."));
        var saveDefaults = new Button("Save default", e -> saveDefaults());
        saveDefaults.setId("save-notebook-default");
        var defaults = new HorizontalLayout(defaultPerPerson, defaultPerTeam, saveDefaults);
        defaults.setAlignItems(Alignment.BASELINE);
        defaults.setId("notebook-default");
        add(defaults);
        var teamLimits = new Button("Set a team's notebook limits", e -> openNotebookEditor(null));
        teamLimits.setId("set-notebook-limits");
        add(teamLimits);
        notebookGrid.setId("notebook-grid");
        notebookGrid.addColumn(TeamNotebookQuota::team).setHeader("Team").setAutoWidth(true);
        notebookGrid.addColumn(n -> Limits.limit(n.effective().maxPerPerson())).setHeader("Per person");
        notebookGrid
                .addColumn(n -> Limits.used(n.open(), n.effective().maxPerTeam()))
                .setHeader("Open in the team");
        notebookGrid
                .addColumn(n -> n.ownSetting() != null ? "own setting" : "portal default")
                .setHeader("From");
        notebookGrid
                .addComponentColumn(n -> {
                    var edit = new Button("Edit", e -> openNotebookEditor(n));
                    edit.addThemeVariants(ButtonVariant.LUMO_SMALL);
                    return edit;
                })
                .setAutoWidth(true);
        notebookGrid.setAllRowsVisible(true);
        notebookGrid.setEmptyStateText("No team has its own setting or an open notebook.");
        add(notebookGrid);
        refresh();
    }

    private void refresh() {
        grid.setItems(quotas.allQuotas());
        notebookGrid.setItems(notebooks.teams());
        NotebookLimits d = notebooks.defaults();
        defaultPerPerson.setValue(Limits.text(d.maxPerPerson()));
        defaultPerTeam.setValue(Limits.text(d.maxPerTeam()));
    }

    private static Div pushCell(QuotaOverview o) {
        QosPushStatus p = o.push();
        var cell = new Div();
        cell.addClassName("qos-push");
        cell.getElement()
                .setAttribute("data-quota", o.quota().team() + "/" + o.quota().cluster());
        var state = new Span(Limits.push(p));
        state.addClassName(p.failing() ? "push-failed" : p.pending() ? "push-pending" : "push-ok");
        cell.add(new Div(new Span(p.qosName() + ": "), state));
        if (p.note() != null) {
            cell.add(new Div(new Span(p.note())));
        }
        if (p.drift() != null) {
            cell.add(new Div(new Span("Changed in Slurm outside the portal (" + Limits.time(p.driftAt()) + "): "
                    + p.drift() + "; pushed again.")));
        }
        return cell;
    }

    private void pushAgain(TeamQuota q) {
        try {
            show(quotas.pushAgain(q.team(), q.cluster()));
        } catch (UserFacingException problem) {
            error(problem);
        }
        refresh();
    }

    private void show(QosPushStatus p) {
        if (p.failing()) {
            var n = Notification.show(
                    "Saved in the portal, but not in Slurm: " + p.lastError() + " The portal tries again by itself.",
                    8000,
                    Notification.Position.MIDDLE);
            n.addClassName("push-error");
        } else {
            Notification.show("Saved and pushed to Slurm as QOS " + p.qosName() + ".");
        }
    }

    private void openQuotaEditor(@Nullable TeamQuota existing) {
        var dialog = new Dialog();
        dialog.setHeaderTitle(
                existing == null ? "Set a quota" : "Quota of " + existing.team() + " on " + existing.cluster());
        var team = new ComboBox<String>("Team");
        team.setId("quota-team");
        team.setItems(teams.allTeams().stream().map(TeamOverview::name).toList());
        var cluster = new ComboBox<String>("Cluster");
        cluster.setId("quota-cluster");
        cluster.setItems(clusters.overview().stream().map(ClusterOverview::name).toList());
        var cpus = limitField("Max CPUs at once");
        cpus.setId("quota-cpus");
        var gpus = limitField("Max GPUs at once");
        gpus.setId("quota-gpus");
        var jobs = limitField("Max jobs at once");
        jobs.setId("quota-jobs");
        var cpuHours = limitField("CPU-hours per month");
        cpuHours.setId("quota-cpu-hours");
        var gpuHours = limitField("GPU-hours per month");
        gpuHours.setId("quota-gpu-hours");
        if (existing != null) {
            team.setItems(existing.team());
            team.setValue(existing.team());
            team.setReadOnly(true);
            cluster.setItems(existing.cluster());
            cluster.setValue(existing.cluster());
            cluster.setReadOnly(true);
            cpus.setValue(Limits.text(existing.maxCpus()));
            gpus.setValue(Limits.text(existing.maxGpus()));
            jobs.setValue(Limits.text(existing.maxJobs()));
            cpuHours.setValue(Limits.text(existing.cpuHoursPerMonth()));
            gpuHours.setValue(Limits.text(existing.gpuHoursPerMonth()));
        }
        dialog.add(new FormLayout(team, cluster, cpus, gpus, jobs, cpuHours, gpuHours));
        var error = new Paragraph();
        error.setId("quota-error");
        error.addClassName("cluster-reason");
        dialog.add(error);

        var save = new Button("Save and push", e -> {
            Stream.of(cpus, gpus, jobs, cpuHours, gpuHours).forEach(f -> f.setInvalid(false));
            try {
                Integer maxCpus = parse(cpus);
                Integer maxGpus = parse(gpus);
                Integer maxJobs = parse(jobs);
                Integer cpuH = parse(cpuHours);
                Integer gpuH = parse(gpuHours);
                if (team.getValue() == null) {
                    throw new io.federa.quota.InvalidQuotaException("Choose the team the quota is for.");
                }
                if (cluster.getValue() == null) {
                    throw new io.federa.quota.InvalidQuotaException("Choose the cluster the quota is for.");
                }
                var quota = new TeamQuota(team.getValue(), cluster.getValue(), maxCpus, maxGpus, maxJobs, cpuH, gpuH);
                quotas.setQuota(quota);
                dialog.close();
                quotas.allQuotas().stream()
                        .filter(o -> o.quota().team().equals(quota.team())
                                && o.quota().cluster().equals(quota.cluster()))
                        .findFirst()
                        .ifPresent(o -> show(o.push()));
                refresh();
            } catch (UserFacingException problem) {
                error.setText(problem.userMessage());
            } finally {
                e.getSource().setEnabled(true);
            }
        });
        save.setId("save-quota");
        save.setDisableOnClick(true);
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), save);
        dialog.open();
    }

    private void saveDefaults() {
        try {
            notebooks.setDefaults(new NotebookLimits(parse(defaultPerPerson), parse(defaultPerTeam)));
            Notification.show("Saved the portal's default notebook limits.");
            refresh();
        } catch (UserFacingException problem) {
            error(problem);
        }
    }

    private void openNotebookEditor(@Nullable TeamNotebookQuota existing) {
        var dialog = new Dialog();
        dialog.setHeaderTitle(existing == null ? "A team's notebook limits" : "Notebook limits of " + existing.team());
        var team = new ComboBox<String>("Team");
        team.setItems(teams.allTeams().stream().map(TeamOverview::name).toList());
        var perPerson = limitField("Notebooks per person");
        var perTeam = limitField("Notebooks per team");
        if (existing != null) {
            team.setItems(existing.team());
            team.setValue(existing.team());
            team.setReadOnly(true);
            perPerson.setValue(Limits.text(existing.effective().maxPerPerson()));
            perTeam.setValue(Limits.text(existing.effective().maxPerTeam()));
        }
        dialog.add(new FormLayout(team, perPerson, perTeam));
        var error = new Paragraph();
        error.addClassName("cluster-reason");
        dialog.add(error);
        var save = new Button("Save", e -> {
            try {
                if (team.getValue() == null) {
                    throw new io.federa.quota.InvalidQuotaException("Choose the team.");
                }
                notebooks.setTeamLimits(team.getValue(), new NotebookLimits(parse(perPerson), parse(perTeam)));
                dialog.close();
                refresh();
            } catch (UserFacingException problem) {
                error.setText(problem.userMessage());
            }
        });
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        var useDefault = new Button("Use the portal default", e -> {
            if (team.getValue() != null) {
                notebooks.clearTeamLimits(team.getValue());
            }
            dialog.close();
            refresh();
        });
        useDefault.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        dialog.getFooter().add(useDefault, new Button("Cancel", e -> dialog.close()), save);
        dialog.open();
    }

    private static TextField limitField(String label) {
        var field = new TextField(label);
        field.setPlaceholder("no limit");
        field.setHelperText("a whole number; empty = no limit");
        field.setClearButtonVisible(true);
        return field;
    }

    /** Marks the field invalid with the message when its text is not a limit. */
    private static @Nullable Integer parse(TextField field) {
        try {
            return Limits.parse(field.getLabel(), field.getValue());
        } catch (UserFacingException e) {
            field.setErrorMessage(e.userMessage());
            field.setInvalid(true);
            throw e;
        }
    }

    private static void error(UserFacingException problem) {
        var n = Notification.show(problem.userMessage(), 6000, Notification.Position.MIDDLE);
        n.addClassName("form-error");
    }
}
