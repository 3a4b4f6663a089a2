package io.federa.kubernetes.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import io.federa.kubernetes.KubernetesClusters;
import io.federa.kubernetes.ProfileStatus;
import io.federa.kubernetes.TeamKubernetesAccess;
import io.federa.kubernetes.TeamProfileChanged;
import io.federa.kubernetes.TeamProfiles;
import io.federa.shared.LiveUpdates;
import io.federa.shared.UserFacingException;
import io.federa.shared.ui.LiveRefresh;
import io.federa.shared.ui.PageSection;
import io.federa.tenancy.TeamDirectory;
import io.federa.tenancy.TeamOverview;

/**
 * In Admin › Cluster permissions: which teams may use which Kubernetes cluster. Granting creates the
 * team's Profile there (namespace + quota); revoking deletes it, and Kubeflow deletes the namespace
 * with everything in it, hence a confirmation.
 */
@org.springframework.stereotype.Component
class KubernetesAccessSection implements PageSection {

    private final KubernetesClusters clusters;
    private final TeamKubernetesAccess access;
    private final TeamProfiles profiles;
    private final TeamDirectory teams;
    private final LiveUpdates liveUpdates;

    KubernetesAccessSection(
            KubernetesClusters clusters,
            TeamKubernetesAccess access,
            TeamProfiles profiles,
            TeamDirectory teams,
            LiveUpdates liveUpdates) {
        this.clusters = clusters;
        this.access = access;
        this.profiles = profiles;
        this.teams = teams;
        this.liveUpdates = liveUpdates;
    }

    @Override
    public String page() {
        return CLUSTER_PERMISSIONS;
    }

    @Override
    public int order() {
        return 10;
    }

    @Override
    public Component render() {
        return new Section();
    }

    private final class Section extends VerticalLayout {

        private final Grid<ProfileStatus> grid = new Grid<>();
        private final ComboBox<String> cluster = new ComboBox<>("Kubernetes cluster");
        private final ComboBox<String> team = new ComboBox<>("Team");
        private final Span message = new Span();

        Section() {
            setId("kubernetes-access");
            LiveRefresh.follow(this, liveUpdates, TeamProfileChanged.class, this::refresh);
            setPadding(false);
            add(new H3("Kubernetes clusters: which teams may use them"));
            add(new Paragraph("A team that may use a Kubernetes cluster gets a Kubeflow Profile there: its own "
                    + "namespace (named by the cluster's namespace pattern), owned by the team, with the team's "
                    + "quota from Admin › Quotas. Taking the cluster away deletes the Profile, and with it the "
                    + "namespace and everything in it."));
            grid.setId("kubernetes-access-grid");
            grid.addColumn(ProfileStatus::cluster).setHeader("Cluster").setAutoWidth(true);
            grid.addColumn(ProfileStatus::team).setHeader("Team").setAutoWidth(true);
            grid.addColumn(ProfileStatus::profileName)
                    .setHeader("Profile / namespace")
                    .setAutoWidth(true);
            grid.addColumn(Section::state).setHeader("Profile").setFlexGrow(1);
            grid.addComponentColumn(p -> {
                var revoke = new Button("Take away", e -> confirmRevoke(p));
                revoke.addThemeVariants(
                        ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
                return revoke;
            });
            grid.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT, GridVariant.LUMO_COMPACT);
            grid.setAllRowsVisible(true);
            cluster.setId("kubernetes-access-cluster");
            cluster.setItems(clusters.enabledClusters());
            team.setId("kubernetes-access-team");
            team.setItems(teams.allTeams().stream().map(TeamOverview::name).toList());
            message.setId("kubernetes-access-message");
            var grant = new Button("Let the team use it", e -> grant());
            grant.setId("kubernetes-access-grant");
            var form = new HorizontalLayout(cluster, team, grant);
            form.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
            add(grid, form, message);
            refresh();
        }

        private static String state(ProfileStatus p) {
            if (p.lastError() != null) {
                return "not pushed: " + p.lastError();
            }
            if (p.pending()) {
                return "pending";
            }
            return "pushed (" + (p.pushed() == null ? "no limits" : p.pushed().describe()) + ")";
        }

        private void grant() {
            if (cluster.getValue() == null || team.getValue() == null) {
                message.setText("Choose a cluster and a team.");
                return;
            }
            try {
                access.grant(cluster.getValue(), team.getValue());
                ProfileStatus s = profiles.status(team.getValue(), cluster.getValue());
                message.setText("Team " + team.getValue() + " may use " + cluster.getValue() + ": "
                        + (s.lastError() == null ? "its Profile " + s.profileName() + " is there." : s.lastError()));
            } catch (UserFacingException e) {
                message.setText(e.userMessage());
            }
            refresh();
        }

        private void confirmRevoke(ProfileStatus p) {
            var dialog = new ConfirmDialog(
                    "Take " + p.cluster() + " away from " + p.team() + "?",
                    "The Profile " + p.profileName() + " is deleted, and Kubeflow deletes the namespace with "
                            + "every notebook and model server in it.",
                    "Take away",
                    e -> {
                        access.revoke(p.cluster(), p.team());
                        message.setText("Team " + p.team() + " may no longer use " + p.cluster() + ".");
                        refresh();
                    });
            dialog.setId("kubernetes-access-revoke-confirm");
            dialog.setCancelable(true);
            dialog.setConfirmButtonTheme("error primary");
            dialog.open();
        }

        private void refresh() {
            grid.setItems(profiles.all());
        }
    }
}
