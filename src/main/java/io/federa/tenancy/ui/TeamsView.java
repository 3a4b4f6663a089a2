package io.federa.tenancy.ui;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.federa.shared.Roles;
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

    TeamsView(TeamDirectory teams) {
        addClassName("federa-page");
        setSizeFull();
        add(new H2("Teams"));
        add(new Paragraph("Teams are the groups of the identity provider. A person's memberships are "
                + "brought in line with their groups each time they log in."));

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
        add(grid);
    }
}
