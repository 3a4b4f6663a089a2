package io.federa.access.ui;

import static io.federa.access.ui.PermissionsUi.call;
import static io.federa.access.ui.PermissionsUi.section;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.combobox.MultiSelectComboBox;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.dependency.Uses;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.federa.access.ApplyRecord;
import io.federa.access.ClusterPermissions;
import io.federa.access.ClusterPermissionsChanged;
import io.federa.access.DriftReport;
import io.federa.access.PersonSlurmUsers;
import io.federa.access.PlannedChange;
import io.federa.access.TeamAccount;
import io.federa.access.TeamAccounts;
import io.federa.clusters.ClusterOverview;
import io.federa.clusters.ClusterRegistry;
import io.federa.clusters.SlurmPartition;
import io.federa.shared.LiveUpdates;
import io.federa.shared.Roles;
import io.federa.shared.ui.LiveRefresh;
import io.federa.shared.ui.PageSection;
import io.federa.shared.ui.ViewWork;
import io.federa.tenancy.TeamDirectory;
import io.federa.tenancy.TeamMember;
import io.federa.tenancy.TeamOverview;
import jakarta.annotation.security.RolesAllowed;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Admin: per cluster, which team computes under which Slurm account (and in which partitions), which
 * person is which Slurm user; import from Slurm, preview and apply the changes, the apply log and
 * drift. Slurm is only asked when the admin presses a button (import, preview, apply, check now).
 */
// Sections other modules contribute (Spring beans) are not reachable from this route for the
// production bundle's per-route chunks: name the components they use, or they never render.
@Uses(Grid.class)
@Uses(ComboBox.class)
@Uses(ConfirmDialog.class)
@Uses(HorizontalLayout.class)
@Route("admin/permissions")
@PageTitle("Cluster permissions · Federa")
@Menu(title = "Cluster permissions", order = 115, icon = "vaadin:key")
@RolesAllowed(Roles.PORTAL_ADMIN)
class PermissionsView extends VerticalLayout {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private final ClusterPermissions permissions;
    private final TeamAccounts teamAccounts;
    private final PersonSlurmUsers personUsers;
    private final ClusterRegistry registry;
    private final TeamDirectory teams;

    private final Select<String> cluster = new Select<>();
    private final Grid<TeamAccount> teamGrid = new Grid<>();
    private final Grid<Map.Entry<String, String>> personGrid = new Grid<>();
    private final ComboBox<String> mapTeam = new ComboBox<>("Team");
    private final TextField mapAccount = new TextField("Slurm account");
    private final MultiSelectComboBox<String> mapPartitions = new MultiSelectComboBox<>("Allowed partitions");
    private final Span teamMessage = new Span();
    private final ComboBox<String> mapPerson = new ComboBox<>("Person");
    private final TextField mapSlurmUser = new TextField("Slurm user");
    private final Span personMessage = new Span();
    private final ApplySection applySection;
    private final ImportSection importSection;
    private final Grid<ApplyRecord> logGrid = new Grid<>();
    private final Span driftStatus = new Span();
    private final Grid<PlannedChange> driftGrid = new Grid<>();

    PermissionsView(
            ClusterPermissions permissions,
            TeamAccounts teamAccounts,
            PersonSlurmUsers personUsers,
            ClusterRegistry registry,
            TeamDirectory teams,
            LiveUpdates liveUpdates,
            List<PageSection> sections,
            ViewWork work) {
        this.permissions = permissions;
        this.teamAccounts = teamAccounts;
        this.personUsers = personUsers;
        this.registry = registry;
        this.teams = teams;
        this.applySection = new ApplySection(permissions, work, this::refreshStored);
        this.importSection = new ImportSection(permissions, cluster::getValue, this::showCluster);
        LiveRefresh.follow(
                this,
                liveUpdates,
                ClusterPermissionsChanged.class,
                e -> e.cluster().equals(cluster.getValue()),
                this::refreshStored);
        addClassName("federa-page");
        add(new H2("Cluster permissions"));
        add(new Paragraph("Per cluster: which team computes under which Slurm account (and in which partitions), "
                + "and which person is which Slurm user. \"Read from Slurm\" proposes mappings from what the "
                + "cluster's accounting already holds. \"Preview changes\" shows what the portal would create, "
                + "change or remove in Slurm to match; \"Apply\" does exactly that, as the cluster's admin Slurm "
                + "user, and every apply is logged. A periodic drift check reports changes made outside the "
                + "portal. Associations the portal does not manage are listed and never touched."));

        cluster.setId("permissions-cluster");
        cluster.setLabel("Cluster");
        cluster.setItems(registry.enabledClusters());
        cluster.addValueChangeListener(e -> showCluster());
        add(cluster);

        add(teamSection(), personSection(), importSection, applySection, logSection(), driftSection());
        for (Grid<?> grid : List.of(logGrid, driftGrid)) {
            grid.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT, GridVariant.LUMO_COMPACT);
        }
        registry.enabledClusters().stream().findFirst().ifPresent(cluster::setValue);
        // other modules' sections (which teams may use which Kubernetes cluster)
        sections.stream()
                .filter(s -> PageSection.CLUSTER_PERMISSIONS.equals(s.page()))
                .sorted(java.util.Comparator.comparingInt(PageSection::order))
                .forEach(s -> add(s.render()));
    }

    private VerticalLayout teamSection() {
        teamGrid.setId("team-accounts");
        teamGrid.addColumn(TeamAccount::team).setHeader("Team").setAutoWidth(true);
        teamGrid.addColumn(TeamAccount::slurmAccount).setHeader("Slurm account").setAutoWidth(true);
        teamGrid.addColumn(m -> m.allowedPartitions().isEmpty() ? "all" : String.join(", ", m.allowedPartitions()))
                .setHeader("Allowed partitions")
                .setFlexGrow(1);
        teamGrid.setAllRowsVisible(true);
        teamGrid.addItemClickListener(e -> {
            mapTeam.setValue(e.getItem().team());
            mapAccount.setValue(e.getItem().slurmAccount());
            mapPartitions.setValue(Set.copyOf(e.getItem().allowedPartitions()));
        });
        mapTeam.setId("map-team");
        mapTeam.setItems(teams.allTeams().stream().map(TeamOverview::name).toList());
        mapAccount.setId("map-account");
        mapPartitions.setId("map-partitions");
        mapPartitions.setHelperText("none chosen: every partition");
        teamMessage.setId("team-message");
        var save = new Button("Save mapping", e -> saveTeam());
        save.setId("map-team-save");
        var form = new HorizontalLayout(mapTeam, mapAccount, mapPartitions, save);
        form.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        return section("Teams and Slurm accounts", teamGrid, form, teamMessage);
    }

    private VerticalLayout personSection() {
        personGrid.setId("person-users");
        personGrid.addColumn(Map.Entry::getKey).setHeader("Person").setAutoWidth(true);
        personGrid.addColumn(Map.Entry::getValue).setHeader("Slurm user").setFlexGrow(1);
        personGrid.setAllRowsVisible(true);
        mapPerson.setId("map-person");
        mapPerson.setItems(teams.allTeams().stream()
                .flatMap(t -> t.members().stream())
                .map(TeamMember::username)
                .distinct()
                .sorted()
                .toList());
        mapSlurmUser.setId("map-slurm-user");
        personMessage.setId("person-message");
        var save = new Button("Map person", e -> savePerson());
        save.setId("map-person-save");
        var form = new HorizontalLayout(mapPerson, mapSlurmUser, save);
        form.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        return section("People and Slurm users", personGrid, form, personMessage);
    }

    private VerticalLayout logSection() {
        logGrid.setId("apply-log");
        logGrid.addColumn(r -> TIME.format(r.startedAt()) + " UTC")
                .setHeader("When")
                .setAutoWidth(true);
        logGrid.addColumn(ApplyRecord::appliedBy).setHeader("Who").setAutoWidth(true);
        logGrid.addColumn(r -> r.team() == null ? "all teams" : r.team())
                .setHeader("Teams")
                .setAutoWidth(true);
        logGrid.addColumn(r ->
                        r.finishedAt() == null ? "did not finish" : r.succeeded() + " done, " + r.failed() + " failed")
                .setHeader("Result")
                .setAutoWidth(true);
        logGrid.addColumn(r -> r.steps().stream()
                        .map(s -> s.change().kind().label() + " " + s.change().target() + ": "
                                + (s.ok() ? "done" : "failed (" + s.error() + ")"))
                        .collect(Collectors.joining("; ")))
                .setHeader("Changes")
                .setFlexGrow(1);
        logGrid.setAllRowsVisible(true);
        return section("Apply log", logGrid);
    }

    private VerticalLayout driftSection() {
        driftStatus.setId("drift-status");
        var check = new Button(
                "Check now",
                e -> call(() -> permissions.checkDrift(cluster.getValue()), r -> showDrift(), driftStatus));
        check.setId("drift-check");
        driftGrid.setId("drift-findings");
        driftGrid.addColumn(c -> c.kind().label()).setHeader("Would change").setAutoWidth(true);
        driftGrid.addColumn(PlannedChange::target).setHeader("Target").setAutoWidth(true);
        driftGrid.addColumn(PlannedChange::why).setHeader("Why").setFlexGrow(1);
        driftGrid.setAllRowsVisible(true);
        return section("Drift", new HorizontalLayout(check, driftStatus), driftGrid);
    }

    private void showCluster() {
        String c = cluster.getValue();
        importSection.clear();
        applySection.show(
                c,
                c == null
                        ? List.of()
                        : teamAccounts.all().stream()
                                .filter(m -> m.cluster().equals(c))
                                .map(TeamAccount::team)
                                .toList());
        if (c == null) {
            return;
        }
        mapPartitions.setItems(registry.overview().stream()
                .filter(o -> o.name().equals(c))
                .findFirst()
                .map(ClusterOverview::partitions)
                .orElse(List.of())
                .stream()
                .map(SlurmPartition::name)
                .toList());
        refreshStored();
    }

    /** What the portal has stored: no Slurm call. */
    private void refreshStored() {
        String c = cluster.getValue();
        if (c == null) {
            return;
        }
        teamGrid.setItems(
                teamAccounts.all().stream().filter(m -> m.cluster().equals(c)).toList());
        personGrid.setItems(List.copyOf(personUsers.onCluster(c).entrySet()));
        logGrid.setItems(permissions.applyLog(c, 20));
        showDrift();
    }

    private void showDrift() {
        String c = cluster.getValue();
        if (c == null) {
            return;
        }
        var last = permissions.lastDrift(c);
        driftGrid.setItems(last.map(DriftReport::findings).orElse(List.of()));
        driftStatus.setText(last.map(PermissionsView::describe).orElse("Not checked yet since the portal started."));
    }

    private static String describe(DriftReport r) {
        String at = "Checked " + TIME.format(r.checkedAt()) + " UTC: ";
        if (r.error() != null) {
            return at + "could not check: " + r.error();
        }
        return r.findings().isEmpty()
                ? at + "Slurm matches the portal."
                : at + r.findings().size() + " difference(s) between Slurm and the portal (changed outside the "
                        + "portal, or not applied yet).";
    }

    private void saveTeam() {
        String c = cluster.getValue();
        if (c == null || mapTeam.getValue() == null || mapAccount.getValue().isBlank()) {
            teamMessage.setText("Choose a cluster and a team, and type the Slurm account.");
            return;
        }
        call(
                () -> {
                    teamAccounts.map(new TeamAccount(
                            c,
                            mapTeam.getValue(),
                            mapAccount.getValue().trim(),
                            List.copyOf(mapPartitions.getValue())));
                    return null;
                },
                r -> {
                    teamMessage.setText("Saved: team " + mapTeam.getValue() + " computes under "
                            + mapAccount.getValue().trim() + " on " + c + ". Preview to see what Slurm needs.");
                    showCluster();
                },
                teamMessage);
    }

    private void savePerson() {
        String c = cluster.getValue();
        if (c == null || mapPerson.getValue() == null || mapSlurmUser.getValue().isBlank()) {
            personMessage.setText("Choose a cluster and a person, and type the Slurm user.");
            return;
        }
        call(
                () -> {
                    personUsers.map(
                            c, mapPerson.getValue(), mapSlurmUser.getValue().trim());
                    return null;
                },
                r -> {
                    personMessage.setText("Saved: " + mapPerson.getValue() + " is Slurm user "
                            + mapSlurmUser.getValue().trim() + " on " + c + ".");
                    refreshStored();
                },
                personMessage);
    }
}
