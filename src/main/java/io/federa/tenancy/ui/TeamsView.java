package io.federa.tenancy.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.federa.identity.DirectorySync;
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

    TeamsView(TeamDirectory teams, DirectorySync directory) {
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
    }
}
