package io.federa.access.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.combobox.MultiSelectComboBox;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.dependency.Uses;
import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.federa.access.AdoptResult;
import io.federa.access.ApplyRecord;
import io.federa.access.ApplyStep;
import io.federa.access.ClusterPermissions;
import io.federa.access.ClusterPermissionsChanged;
import io.federa.access.DriftReport;
import io.federa.access.ImportEverywhere;
import io.federa.access.ImportProposals;
import io.federa.access.ImportProposals.AccountProposal;
import io.federa.access.ImportProposals.UserProposal;
import io.federa.access.PersonSlurmUsers;
import io.federa.access.Plan;
import io.federa.access.PlannedChange;
import io.federa.access.TeamAccount;
import io.federa.access.TeamAccounts;
import io.federa.access.UnmanagedAssociation;
import io.federa.clusters.ClusterOverview;
import io.federa.clusters.ClusterRegistry;
import io.federa.clusters.SlurmPartition;
import io.federa.shared.LiveUpdates;
import io.federa.shared.Roles;
import io.federa.shared.UserFacingException;
import io.federa.shared.ui.PageSection;
import io.federa.shared.ui.ViewWork;
import io.federa.tenancy.TeamDirectory;
import io.federa.tenancy.TeamMember;
import io.federa.tenancy.TeamOverview;
import jakarta.annotation.security.RolesAllowed;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    private static final Logger log = LoggerFactory.getLogger(PermissionsView.class);
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final String ALL_TEAMS = "All teams";

    private final ClusterPermissions permissions;
    private final TeamAccounts teamAccounts;
    private final PersonSlurmUsers personUsers;
    private final ClusterRegistry registry;
    private final TeamDirectory teams;
    private final LiveUpdates liveUpdates;
    private final ViewWork work;

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
    private final Grid<AccountProposal> accountProposals = new Grid<>();
    private final Grid<UserProposal> userProposals = new Grid<>();
    private final Span importMessage = new Span();
    private final Select<String> planScope = new Select<>();
    private final Grid<PlannedChange> planGrid = new Grid<>();
    private final Grid<UnmanagedAssociation> unmanagedGrid = new Grid<>();
    private final Span planMessage = new Span();
    private final Button apply = new Button("Apply changes");
    private final ProgressBar progress = new ProgressBar();
    private final Grid<ApplyStep> stepGrid = new Grid<>();
    private final Grid<ApplyRecord> logGrid = new Grid<>();
    private final Span driftStatus = new Span();
    private final Grid<PlannedChange> driftGrid = new Grid<>();
    private @Nullable Plan previewed;
    private LiveUpdates.@Nullable Following following;

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
        this.liveUpdates = liveUpdates;
        this.work = work;
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

        add(teamSection(), personSection(), importSection(), planSection(), logSection(), driftSection());
        for (Grid<?> grid :
                List.of(accountProposals, userProposals, planGrid, unmanagedGrid, stepGrid, logGrid, driftGrid)) {
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

    private VerticalLayout importSection() {
        var read = new Button("Read from Slurm", e -> readFromSlurm());
        read.setId("import-read");
        accountProposals.setId("import-accounts");
        accountProposals.setSelectionMode(Grid.SelectionMode.MULTI);
        accountProposals
                .addColumn(AccountProposal::slurmAccount)
                .setHeader("Slurm account")
                .setAutoWidth(true);
        accountProposals.addColumn(AccountProposal::team).setHeader("→ team").setAutoWidth(true);
        accountProposals
                .addColumn(p -> p.alreadyMapped() ? "mapped" : "new")
                .setHeader("")
                .setAutoWidth(true);
        accountProposals.addColumn(AccountProposal::reason).setHeader("Why").setFlexGrow(1);
        accountProposals.setAllRowsVisible(true);
        userProposals.setId("import-users");
        userProposals.setSelectionMode(Grid.SelectionMode.MULTI);
        userProposals.addColumn(UserProposal::slurmUser).setHeader("Slurm user").setAutoWidth(true);
        userProposals.addColumn(UserProposal::username).setHeader("→ person").setAutoWidth(true);
        userProposals
                .addColumn(p -> p.alreadyMapped() ? "mapped" : "new")
                .setHeader("")
                .setAutoWidth(true);
        userProposals.addColumn(UserProposal::reason).setHeader("Why").setFlexGrow(1);
        userProposals.setAllRowsVisible(true);
        var adopt = new Button("Adopt selected", e -> adopt());
        adopt.setId("import-adopt");
        var everywhere = new Button("Adopt all on every cluster…", e -> previewAdoptAll());
        everywhere.setId("import-all");
        importMessage.setId("import-message");
        return section(
                "Import from Slurm",
                new Paragraph("Reads the cluster's accounts, users and associations and proposes: an account → the "
                        + "team of the same name, or the team most of its users belong to; a Slurm user → the "
                        + "person of the same user name. Select what to adopt, or adopt every new proposal of every "
                        + "cluster at once (previewed first; nothing that re-maps is taken)."),
                new HorizontalLayout(read, everywhere, importMessage),
                accountProposals,
                userProposals,
                adopt);
    }

    private VerticalLayout planSection() {
        planScope.setId("plan-scope");
        planScope.setLabel("Teams");
        var preview = new Button("Preview changes", e -> preview());
        preview.setId("plan-preview");
        planGrid.setId("plan-changes");
        planGrid.addColumn(c -> c.kind().label()).setHeader("Change").setAutoWidth(true);
        planGrid.addColumn(PlannedChange::target).setHeader("Target").setAutoWidth(true);
        planGrid.addColumn(PlannedChange::details).setHeader("Details").setFlexGrow(1);
        planGrid.addColumn(PlannedChange::why).setHeader("Why").setFlexGrow(1);
        planGrid.setAllRowsVisible(true);
        unmanagedGrid.setId("plan-unmanaged");
        unmanagedGrid
                .addColumn(UnmanagedAssociation::account)
                .setHeader("Account")
                .setAutoWidth(true);
        unmanagedGrid.addColumn(a -> a.user() == null ? "(account)" : a.user()).setHeader("User");
        unmanagedGrid
                .addColumn(a -> a.partition() == null ? "all" : a.partition())
                .setHeader("Partition");
        unmanagedGrid
                .addColumn(UnmanagedAssociation::reason)
                .setHeader("Why the portal leaves it")
                .setFlexGrow(1);
        unmanagedGrid.setAllRowsVisible(true);
        var unmanaged = new Details("Unmanaged associations (left alone)", unmanagedGrid);
        unmanaged.setId("plan-unmanaged-details");
        planMessage.setId("plan-message");
        apply.setId("plan-apply");
        apply.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        apply.setEnabled(false);
        apply.addClickListener(e -> confirmApply());
        progress.setId("apply-progress");
        progress.setVisible(false);
        stepGrid.setId("apply-steps");
        stepGrid.addColumn(ApplyStep::position).setHeader("#").setAutoWidth(true);
        stepGrid.addColumn(s -> s.change().kind().label()).setHeader("Change").setAutoWidth(true);
        stepGrid.addColumn(s -> s.change().target()).setHeader("Target").setAutoWidth(true);
        stepGrid.addColumn(s -> s.ok() ? "done" : "FAILED: " + s.error())
                .setHeader("Result")
                .setFlexGrow(1);
        stepGrid.setAllRowsVisible(true);
        stepGrid.setVisible(false);
        var bar = new HorizontalLayout(planScope, preview, apply);
        bar.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        return section("Preview and apply", bar, planMessage, planGrid, unmanaged, progress, stepGrid);
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

    private static VerticalLayout section(String title, com.vaadin.flow.component.Component... content) {
        var section = new VerticalLayout(new H3(title));
        section.add(content);
        section.setPadding(false);
        return section;
    }

    private void showCluster() {
        String c = cluster.getValue();
        previewed = null;
        planGrid.setItems(List.of());
        unmanagedGrid.setItems(List.of());
        accountProposals.setItems(List.of());
        userProposals.setItems(List.of());
        stepGrid.setVisible(false);
        apply.setEnabled(false);
        apply.setText("Apply changes");
        planMessage.setText("");
        if (c == null) {
            return;
        }
        var scopes = new ArrayList<String>();
        scopes.add(ALL_TEAMS);
        teamAccounts.all().stream()
                .filter(m -> m.cluster().equals(c))
                .map(TeamAccount::team)
                .forEach(scopes::add);
        planScope.setItems(scopes);
        planScope.setValue(ALL_TEAMS);
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

    private void readFromSlurm() {
        String c = cluster.getValue();
        if (c == null) {
            return;
        }
        call(
                () -> permissions.importFromSlurm(c),
                (ImportProposals found) -> {
                    accountProposals.setItems(found.accounts());
                    userProposals.setItems(found.users());
                    importMessage.setText(found.accounts().size() + " account and "
                            + found.users().size() + " user proposal(s) from " + c + "'s accounting.");
                },
                importMessage);
    }

    private void adopt() {
        call(
                () -> permissions.adopt(accountProposals.getSelectedItems(), userProposals.getSelectedItems()),
                (AdoptResult r) -> {
                    importMessage.setText("Adopted " + r.adopted().size() + "."
                            + (r.refused().isEmpty() ? "" : " Refused: " + String.join(" ", r.refused())));
                    showCluster();
                },
                importMessage);
    }

    /** Reads every cluster, shows what "adopt all" would store and what it leaves, and adopts on confirmation. */
    private void previewAdoptAll() {
        call(permissions::importFromEveryCluster, this::showAdoptAll, importMessage);
    }

    private void showAdoptAll(ImportEverywhere all) {
        var dialog = new Dialog();
        dialog.setId("adopt-all-dialog");
        dialog.setHeaderTitle("Adopt all on every cluster");
        dialog.setWidth("min(1100px, 95vw)");
        var accounts = new Grid<AccountProposal>();
        accounts.setId("adopt-all-accounts");
        accounts.addColumn(AccountProposal::cluster).setHeader("Cluster").setAutoWidth(true);
        accounts.addColumn(AccountProposal::slurmAccount)
                .setHeader("Slurm account")
                .setAutoWidth(true);
        accounts.addColumn(AccountProposal::team).setHeader("→ team").setAutoWidth(true);
        accounts.addColumn(AccountProposal::reason).setHeader("Why").setFlexGrow(1);
        accounts.setItems(all.accounts());
        var users = new Grid<UserProposal>();
        users.setId("adopt-all-users");
        users.addColumn(UserProposal::cluster).setHeader("Cluster").setAutoWidth(true);
        users.addColumn(UserProposal::slurmUser).setHeader("Slurm user").setAutoWidth(true);
        users.addColumn(UserProposal::username).setHeader("→ person").setAutoWidth(true);
        users.addColumn(UserProposal::reason).setHeader("Why").setFlexGrow(1);
        users.setItems(all.users());
        for (Grid<?> grid : List.of(accounts, users)) {
            grid.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT, GridVariant.LUMO_COMPACT);
            grid.setAllRowsVisible(true);
        }
        var summary = new Paragraph(
                all.isEmpty()
                        ? "Nothing new to adopt: every proposal of every cluster is mapped already or needs a choice."
                        : "Adopting stores these " + all.accounts().size() + " team → account and "
                                + all.users().size() + " person → Slurm user mapping(s). Slurm is not changed: "
                                + "preview and apply each cluster's changes afterwards.");
        summary.setId("adopt-all-summary");
        dialog.add(summary, accounts, users);
        if (!all.leftForChoice().isEmpty()) {
            var left = new VerticalLayout();
            left.setId("adopt-all-left");
            left.setPadding(false);
            all.leftForChoice().forEach(l -> left.add(new Span(l)));
            dialog.add(new H3("Left for a choice on the cluster's import"), left);
        }
        if (!all.unreadable().isEmpty()) {
            var unreadable = new VerticalLayout();
            unreadable.setId("adopt-all-unreadable");
            unreadable.setPadding(false);
            all.unreadable().forEach((c, why) -> unreadable.add(new Span(c + ": " + why)));
            dialog.add(new H3("Clusters that could not be read"), unreadable);
        }
        var confirm = new Button(
                "Adopt " + (all.accounts().size() + all.users().size()),
                e -> call(
                        () -> permissions.adopt(all.accounts(), all.users()),
                        (AdoptResult r) -> {
                            dialog.close();
                            importMessage.setText("Adopted " + r.adopted().size() + " on every cluster."
                                    + (r.refused().isEmpty() ? "" : " Refused: " + String.join(" ", r.refused()))
                                    + " Preview and apply each cluster's changes.");
                            showCluster();
                        },
                        importMessage));
        confirm.setId("adopt-all-confirm");
        confirm.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        confirm.setEnabled(!all.isEmpty());
        var cancel = new Button("Cancel", e -> dialog.close());
        dialog.getFooter().add(cancel, confirm);
        dialog.open();
    }

    private void preview() {
        String c = cluster.getValue();
        if (c == null) {
            return;
        }
        String scope = planScope.getValue();
        call(
                () -> scope == null || scope.equals(ALL_TEAMS) ? permissions.plan(c) : permissions.plan(c, scope),
                (Plan plan) -> {
                    previewed = plan;
                    planGrid.setItems(plan.changes());
                    unmanagedGrid.setItems(plan.unmanaged());
                    stepGrid.setVisible(false);
                    planMessage.setText(
                            plan.isEmpty()
                                    ? "Nothing to change: Slurm matches the portal."
                                    : plan.changes().size() + " change(s) would be made, in this order.");
                    apply.setText("Apply " + plan.changes().size() + " changes");
                    apply.setEnabled(!plan.isEmpty());
                },
                planMessage);
    }

    private void confirmApply() {
        Plan plan = previewed;
        if (plan == null) {
            return;
        }
        var dialog = new ConfirmDialog();
        dialog.setId("apply-confirm");
        dialog.setHeader("Apply " + plan.changes().size() + " changes to " + plan.cluster() + "?");
        dialog.setText("The portal makes exactly the previewed changes in " + plan.cluster()
                + "'s Slurm accounting, one by one, and logs each result. If Slurm or the portal changed since the "
                + "preview, nothing is applied and you are asked to preview again.");
        dialog.setCancelable(true);
        dialog.setConfirmText("Apply");
        dialog.addConfirmListener(e -> runApply(plan));
        dialog.open();
    }

    private void runApply(Plan plan) {
        UI ui = UI.getCurrent();
        var steps = new ArrayList<ApplyStep>();
        apply.setEnabled(false);
        progress.setVisible(true);
        progress.setMin(0);
        progress.setMax(plan.changes().size());
        progress.setValue(0);
        stepGrid.setItems(steps);
        stepGrid.setVisible(true);
        planMessage.setText("Applying…");
        work.start(() -> {
            try {
                ApplyRecord done = permissions.apply(
                        plan.cluster(),
                        plan.team(),
                        plan.fingerprint(),
                        step -> ui.access(() -> {
                            steps.add(step);
                            stepGrid.setItems(steps);
                            progress.setValue(steps.size());
                        }));
                ui.access(() -> {
                    progress.setVisible(false);
                    previewed = null;
                    planMessage.setText("Applied: " + done.succeeded() + " done, " + done.failed() + " failed. "
                            + "Preview again to see what is left.");
                    refreshStored();
                });
            } catch (UserFacingException problem) {
                ui.access(() -> {
                    progress.setVisible(false);
                    planMessage.setText(problem.userMessage());
                });
            } catch (RuntimeException bug) {
                log.warn("apply on {} failed", plan.cluster(), bug);
                ui.access(() -> {
                    progress.setVisible(false);
                    planMessage.setText("The apply failed unexpectedly; the apply log shows how far it got.");
                });
            }
        });
    }

    /** Runs a service call; an expected failure is shown in {@code message} in plain words. */
    private <T> void call(Supplier<T> action, java.util.function.Consumer<T> onSuccess, Span message) {
        try {
            onSuccess.accept(action.get());
        } catch (UserFacingException problem) {
            message.setText(problem.userMessage());
            message.addClassName("form-error");
            return;
        }
        message.removeClassName("form-error");
    }

    @Override
    protected void onAttach(AttachEvent event) {
        UI ui = event.getUI();
        following = liveUpdates.subscribe(ClusterPermissionsChanged.class, e -> {
            if (e.cluster().equals(cluster.getValue())) {
                ui.access(this::refreshStored);
            }
        });
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (following != null) {
            following.close();
            following = null;
        }
    }
}
