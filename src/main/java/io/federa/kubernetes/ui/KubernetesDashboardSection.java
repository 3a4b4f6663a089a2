package io.federa.kubernetes.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import io.federa.identity.CurrentUser;
import io.federa.kubernetes.KubernetesResources;
import io.federa.kubernetes.KubernetesResourcesChanged;
import io.federa.kubernetes.MirroredResource;
import io.federa.kubernetes.ProfileStatus;
import io.federa.kubernetes.TeamKubernetesAccess;
import io.federa.kubernetes.TeamProfileChanged;
import io.federa.kubernetes.TeamProfiles;
import io.federa.shared.LiveUpdates;
import io.federa.shared.ui.LiveRefresh;
import io.federa.tenancy.TeamOverview;
import io.federa.tenancy.ui.DashboardSection;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * "My teams": per team of the user, the Kubernetes clusters it may use with its namespace and the
 * quota its Profile holds, and the team's custom resources from the mirror. Exactly the user's
 * teams (the dashboard passes them); reads the database only.
 */
@org.springframework.stereotype.Component
class KubernetesDashboardSection implements DashboardSection {

    private final TeamKubernetesAccess access;
    private final TeamProfiles profiles;
    private final KubernetesResources resources;
    private final LiveUpdates liveUpdates;

    KubernetesDashboardSection(
            TeamKubernetesAccess access,
            TeamProfiles profiles,
            KubernetesResources resources,
            LiveUpdates liveUpdates) {
        this.access = access;
        this.profiles = profiles;
        this.resources = resources;
        this.liveUpdates = liveUpdates;
    }

    @Override
    public int order() {
        return 30;
    }

    @Override
    public Component render(CurrentUser user, List<TeamOverview> teams) {
        return new Section(user, teams.stream().map(TeamOverview::name).toList());
    }

    private final class Section extends Div {

        private final CurrentUser user;
        private final List<String> teams;
        private final Grid<ProfileStatus> namespaces = new Grid<>();
        private final Grid<MirroredResource> objects = new Grid<>();

        Section(CurrentUser user, List<String> teams) {
            this.user = user;
            this.teams = teams;
            setId("kubernetes-dashboard");
            LiveRefresh.follow(this, liveUpdates, TeamProfileChanged.class, e -> mine(e.team()), this::refresh);
            LiveRefresh.follow(
                    this,
                    liveUpdates,
                    KubernetesResourcesChanged.class,
                    e -> e.team() == null || mine(e.team()),
                    this::refresh);
            add(new H3("Kubernetes"));
            namespaces.setId("kubernetes-namespaces");
            namespaces.addColumn(ProfileStatus::team).setHeader("Team").setAutoWidth(true);
            namespaces.addColumn(ProfileStatus::cluster).setHeader("Cluster").setAutoWidth(true);
            namespaces
                    .addColumn(ProfileStatus::profileName)
                    .setHeader("Namespace")
                    .setAutoWidth(true);
            namespaces
                    .addColumn(p ->
                            p.pushed() == null ? "not set up yet" : p.pushed().describe())
                    .setHeader("Quota")
                    .setFlexGrow(1);
            namespaces.setAllRowsVisible(true);
            objects.setId("kubernetes-resources");
            objects.addColumn(r -> r.kind().kind()).setHeader("Kind").setAutoWidth(true);
            objects.addColumn(MirroredResource::cluster).setHeader("Cluster").setAutoWidth(true);
            objects.addColumn(r -> r.namespace().isEmpty() ? r.name() : r.namespace() + "/" + r.name())
                    .setHeader("Name")
                    .setAutoWidth(true);
            objects.addColumn(MirroredResource::team).setHeader("Team").setAutoWidth(true);
            objects.addColumn(r -> r.owner() == null ? "" : r.owner()).setHeader("Owner");
            objects.setAllRowsVisible(true);
            for (Grid<?> g : List.of(namespaces, objects)) {
                g.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_WRAP_CELL_CONTENT);
            }
            add(namespaces, objects);
            refresh();
        }

        private void refresh() {
            List<ProfileStatus> rows = new ArrayList<>();
            List<MirroredResource> found = new ArrayList<>();
            for (String team : teams) {
                access.clustersOf(team).forEach(c -> rows.add(profiles.status(team, c)));
                found.addAll(resources.ofTeam(user, team));
            }
            namespaces.setItems(rows);
            objects.setItems(found);
            boolean none = rows.isEmpty() && found.isEmpty();
            namespaces.setVisible(!none);
            objects.setVisible(!found.isEmpty());
            getChildren().filter(Paragraph.class::isInstance).toList().forEach(this::remove);
            if (none) {
                add(new Paragraph("Your teams use no Kubernetes cluster."));
            }
        }

        private boolean mine(@Nullable String team) {
            return team != null && teams.contains(team);
        }
    }
}
