package io.federa.quota.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.textfield.TextField;
import io.federa.kubernetes.KubernetesClusters;
import io.federa.kubernetes.ProfileStatus;
import io.federa.kubernetes.TeamProfileChanged;
import io.federa.quota.InvalidQuotaException;
import io.federa.quota.KubernetesQuota;
import io.federa.quota.KubernetesQuotaOverview;
import io.federa.quota.KubernetesQuotas;
import io.federa.shared.LiveUpdates;
import io.federa.shared.UserFacingException;
import io.federa.shared.ui.LiveRefresh;
import io.federa.tenancy.TeamDirectory;
import io.federa.tenancy.TeamOverview;
import org.jspecify.annotations.Nullable;

/**
 * Admin › Quotas, Kubernetes part: each team's resource quota per Kubernetes cluster and whether the
 * cluster holds it as the team's Profile (pushed, pending, failed with the API server's words, drift
 * found and put back). Saving pushes at once; the kubernetes module checks for drift on the schedule
 * of the Slurm QOS.
 */
class KubernetesQuotasSection extends Div {

    private final KubernetesQuotas quotas;
    private final KubernetesClusters clusters;
    private final TeamDirectory teams;
    private final Grid<KubernetesQuotaOverview> grid = new Grid<>();

    KubernetesQuotasSection(
            KubernetesQuotas quotas, KubernetesClusters clusters, TeamDirectory teams, LiveUpdates liveUpdates) {
        this.quotas = quotas;
        this.clusters = clusters;
        this.teams = teams;
        LiveRefresh.follow(this, liveUpdates, TeamProfileChanged.class, this::refresh);
        setId("kubernetes-quotas");
        setWidthFull();
        add(new H3("Kubernetes"));
        add(new Paragraph("A team's quota on a Kubernetes cluster becomes the resource quota of its Kubeflow "
                + "Profile (its namespace) there: CPUs and memory as Kubernetes quantities (8, 500m, 16Gi), GPUs "
                + "(requests.nvidia.com/gpu) and pods. Empty means no limit. The cluster checks the values; a "
                + "Profile changed on the cluster by hand is put back."));
        var add = new Button("Set a Kubernetes quota", e -> openEditor(null));
        add.setId("set-kubernetes-quota");
        add(add);
        grid.setId("kubernetes-quota-grid");
        grid.addColumn(o -> o.quota().team()).setHeader("Team").setAutoWidth(true);
        grid.addColumn(o -> o.quota().cluster()).setHeader("Cluster").setAutoWidth(true);
        grid.addColumn(o -> text(o.quota().cpu())).setHeader("CPU");
        grid.addColumn(o -> text(o.quota().memory())).setHeader("Memory");
        grid.addColumn(o -> Limits.limit(o.quota().gpus())).setHeader("GPUs");
        grid.addColumn(o -> Limits.limit(o.quota().pods())).setHeader("Pods");
        grid.addComponentColumn(KubernetesQuotasSection::pushCell)
                .setHeader("On the cluster")
                .setFlexGrow(3);
        grid.addComponentColumn(o -> {
                    var edit = new Button("Edit", e -> openEditor(o.quota()));
                    edit.addThemeVariants(ButtonVariant.LUMO_SMALL);
                    return edit;
                })
                .setAutoWidth(true);
        grid.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT);
        grid.setAllRowsVisible(true);
        grid.setEmptyStateText("No Kubernetes quota is set.");
        add(grid);
        refresh();
    }

    private void refresh() {
        grid.setItems(quotas.allQuotas());
    }

    static String pushState(ProfileStatus p) {
        if (!p.access()) {
            return "not pushed: the team may not use this cluster";
        }
        if (p.lastError() != null) {
            return "push failed (" + Limits.time(p.lastAttemptAt()) + "): " + p.lastError();
        }
        if (p.pending()) {
            return "pending";
        }
        return "pushed " + Limits.time(p.pushedAt());
    }

    private static Div pushCell(KubernetesQuotaOverview o) {
        ProfileStatus p = o.profile();
        var cell = new Div();
        cell.addClassName("profile-push");
        cell.getElement()
                .setAttribute("data-quota", o.quota().team() + "/" + o.quota().cluster());
        var state = new Span(pushState(p));
        state.addClassName(p.failing() ? "push-failed" : p.pending() ? "push-pending" : "push-ok");
        cell.add(new Div(new Span("Profile " + p.profileName() + ": "), state));
        if (p.drift() != null) {
            cell.add(new Div(new Span("Changed on the cluster outside the portal (" + Limits.time(p.driftAt()) + "): "
                    + p.drift() + "; put back.")));
        }
        return cell;
    }

    private void openEditor(@Nullable KubernetesQuota existing) {
        var dialog = new Dialog();
        dialog.setHeaderTitle(
                existing == null
                        ? "Set a Kubernetes quota"
                        : "Quota of " + existing.team() + " on " + existing.cluster());
        var team = new ComboBox<String>("Team");
        team.setId("kubernetes-quota-team");
        team.setItems(teams.allTeams().stream().map(TeamOverview::name).toList());
        var cluster = new ComboBox<String>("Kubernetes cluster");
        cluster.setId("kubernetes-quota-cluster");
        cluster.setItems(clusters.enabledClusters());
        var cpu = quantityField("CPU", "8, 500m");
        cpu.setId("kubernetes-quota-cpu");
        var memory = quantityField("Memory", "16Gi, 512Mi");
        memory.setId("kubernetes-quota-memory");
        var gpus = new TextField("GPUs");
        gpus.setId("kubernetes-quota-gpus");
        gpus.setPlaceholder("no limit");
        var pods = new TextField("Pods");
        pods.setId("kubernetes-quota-pods");
        pods.setPlaceholder("no limit");
        if (existing != null) {
            team.setValue(existing.team());
            team.setReadOnly(true);
            cluster.setItems(existing.cluster());
            cluster.setValue(existing.cluster());
            cluster.setReadOnly(true);
            cpu.setValue(text(existing.cpu()).replace("no limit", ""));
            memory.setValue(text(existing.memory()).replace("no limit", ""));
            gpus.setValue(Limits.text(existing.gpus()));
            pods.setValue(Limits.text(existing.pods()));
        }
        dialog.add(new FormLayout(team, cluster, cpu, memory, gpus, pods));
        var error = new Paragraph();
        error.setId("kubernetes-quota-error");
        error.addClassName("cluster-reason");
        dialog.add(error);
        var save = new Button("Save and push", e -> {
            try {
                if (team.getValue() == null || cluster.getValue() == null) {
                    throw new InvalidQuotaException("Choose the team and the Kubernetes cluster.");
                }
                ProfileStatus pushed = quotas.setQuota(new KubernetesQuota(
                        team.getValue(),
                        cluster.getValue(),
                        cpu.getValue(),
                        memory.getValue(),
                        Limits.parse("GPUs", gpus.getValue()),
                        Limits.parse("Pods", pods.getValue())));
                refresh();
                if (pushed.failing()) {
                    // the API server refused: say so where the admin is looking, keep the dialog open
                    error.setText("Saved in the portal, but the cluster refused the Profile: " + pushed.lastError());
                    return;
                }
                dialog.close();
                Notification.show("Saved and pushed as Profile " + pushed.profileName() + ".");
            } catch (UserFacingException problem) {
                error.setText(problem.userMessage());
            }
        });
        save.setId("save-kubernetes-quota");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), save);
        dialog.open();
    }

    private static TextField quantityField(String label, String examples) {
        var field = new TextField(label);
        field.setPlaceholder("no limit");
        field.setHelperText("a Kubernetes quantity (" + examples + "); empty = no limit");
        field.setClearButtonVisible(true);
        return field;
    }

    private static String text(@Nullable String quantity) {
        return quantity == null ? "no limit" : quantity;
    }
}
