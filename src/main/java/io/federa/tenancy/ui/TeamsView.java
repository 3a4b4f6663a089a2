package io.federa.tenancy.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.federa.identity.DirectorySync;
import io.federa.identity.LoginConflicts;
import io.federa.shared.Roles;
import io.federa.shared.UserFacingException;
import io.federa.tenancy.TeamDirectory;
import io.federa.tenancy.TeamMember;
import io.federa.tenancy.TeamOverview;
import jakarta.annotation.security.RolesAllowed;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.stream.Collectors;

/** Admin: every team and its members. The number of teams is small, so the grid is not lazy. */
@Route("admin/teams")
@PageTitle("Teams · Federa")
@Menu(title = "Teams", order = 100, icon = "vaadin:group")
@RolesAllowed(Roles.PORTAL_ADMIN)
class TeamsView extends VerticalLayout {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    TeamsView(TeamDirectory teams, DirectorySync directory, LoginConflicts conflicts) {
        addClassName("federa-page");
        setSizeFull();
        add(new H2("Teams"));
        add(new Paragraph("Teams are the groups of the identity provider; a group's \"team-admins\" attribute "
                + "names its team admins. Memberships follow the groups at each login and at every directory "
                + "sync (scheduled, or now with the button)."));
        var status = new Span(directory
                .lastSync()
                .map(r -> "Last directory sync: " + DAY_TIME.format(r.at()) + " UTC, " + r.people() + " people, "
                        + r.teams() + " teams.")
                .orElse("No directory sync since the portal started."));
        status.setId("directory-status");

        var grid = new Grid<TeamOverview>();
        grid.setId("teams-grid");
        grid.addColumn(TeamOverview::name).setHeader("Team").setSortable(true).setAutoWidth(true);
        grid.addColumn(t -> t.members().size()).setHeader("Members").setAutoWidth(true);
        grid.addColumn(t -> t.members().stream().map(TeamMember::username).collect(Collectors.joining(", ")))
                .setHeader("Who")
                .setFlexGrow(1);
        grid.addColumn(t -> DAY.format(t.createdAt())).setHeader("Since").setAutoWidth(true);
        grid.setItems(teams.allTeams());
        grid.setAllRowsVisible(true);

        var sync = new Button("Sync from directory", e -> {
            try {
                var r = directory.syncNow();
                status.setText("Synced just now: " + r.people() + " people, " + r.teams() + " teams, " + r.memberships()
                        + " memberships.");
                grid.setItems(teams.allTeams());
            } catch (UserFacingException problem) {
                status.setText(problem.userMessage());
            }
        });
        sync.setId("directory-sync");
        sync.setDisableOnClick(true);
        sync.addClickListener(e -> sync.setEnabled(true));
        add(new HorizontalLayout(sync, status), grid);
        add(loginConflicts(conflicts));
    }

    /** Logins refused because a user name now belongs to another account (ADR 18), and their resolution. */
    private static VerticalLayout loginConflicts(LoginConflicts conflicts) {
        var box = new VerticalLayout();
        box.setPadding(false);
        box.add(new H3("Login conflicts"));
        box.add(new Paragraph("A person is their account in the identity provider, not their user name. When a user "
                + "name comes back with another account (deleted and re-created) or an account comes back under "
                + "another user name (renamed), the portal refuses the login until you confirm it here. Confirming "
                + "gives the user name to the new account and drops what the portal kept for the earlier one: its "
                + "Slurm users and team memberships (runs stay with their team). Make sure it is the person you "
                + "expect first."));
        var grid = new Grid<LoginConflicts.Conflict>();
        grid.setId("login-conflicts");
        grid.addColumn(LoginConflicts.Conflict::username).setHeader("User name").setAutoWidth(true);
        grid.addColumn(LoginConflicts.Conflict::displayName)
                .setHeader("New account")
                .setAutoWidth(true);
        grid.addColumn(c -> c.heldBy() == null ? "another account had this user name" : "known as " + c.heldBy())
                .setHeader("Conflict")
                .setFlexGrow(1);
        grid.addColumn(c -> DAY_TIME.format(c.seenAt()) + " UTC")
                .setHeader("Seen")
                .setAutoWidth(true);
        grid.addComponentColumn(c -> {
                    var give = new Button("Give the user name to the new account", e -> {
                        try {
                            conflicts.giveUsernameToNewAccount(c.username());
                        } catch (UserFacingException problem) {
                            Notification.show(problem.userMessage());
                        }
                        grid.setItems(conflicts.open());
                    });
                    give.getElement().setAttribute("data-user", c.username());
                    return give;
                })
                .setAutoWidth(true);
        grid.setItems(conflicts.open());
        grid.setAllRowsVisible(true);
        grid.setEmptyStateText("No refused logins.");
        box.add(grid);
        return box;
    }
}
