package io.federa.tenancy.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.dependency.Uses;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.federa.identity.CurrentUser;
import io.federa.identity.CurrentUsers;
import io.federa.shared.Roles;
import io.federa.tenancy.TeamDirectory;
import io.federa.tenancy.TeamMember;
import io.federa.tenancy.TeamOverview;
import jakarta.annotation.security.PermitAll;
import java.util.Comparator;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;

/**
 * The landing page after login, by role: who I am; then the sections for my roles ("Needs attention"
 * for portal admins, "Waiting for your approval" for approvers); then the teams I work in and the
 * {@link DashboardSection}s about them that other modules contribute (quotas and usage, recent runs,
 * Kubernetes). Someone in no team who is no data scientist (a portal admin, an approver) gets no team
 * part at all. Every section reads the database only and checks role and team itself.
 */
// Sections other modules contribute (Spring beans) are not reachable from this route for the
// production bundle's per-route chunks: name the components they use, or they never render.
@Uses(Grid.class)
@Uses(Button.class)
@Route("")
@PageTitle("My teams · Federa")
@Menu(title = "My teams", order = 0, icon = "vaadin:users")
@PermitAll
class DashboardView extends VerticalLayout {

    DashboardView(CurrentUsers currentUsers, TeamDirectory teams, ObjectProvider<DashboardSection> sections) {
        CurrentUser me = currentUsers.require();
        addClassName("federa-page");

        add(new H2("Welcome, " + me.displayName()));
        var who = new Div();
        who.addClassName("federa-card");
        who.add(line("Signed in as", me.username()));
        if (!me.email().isBlank()) {
            who.add(line("E-mail", me.email()));
        }
        who.add(line("Roles", me.roles().isEmpty() ? "none" : String.join(", ", me.roles())));
        who.setId("who-am-i");
        add(who);

        var mine = teams.teamsOf(me);
        boolean teamPart = !mine.isEmpty()
                || me.hasRole(Roles.DATA_SCIENTIST)
                || !(me.isPortalAdmin() || me.hasRole(Roles.APPROVER));
        var ordered = sections.stream()
                .sorted(Comparator.comparingInt(DashboardSection::order))
                .toList();
        ordered.stream().filter(s -> !s.aboutTeams()).forEach(section -> add(section.render(me, mine)));
        if (!teamPart) {
            return;
        }

        add(new H3("My teams"));
        var list = new Div();
        list.setId("my-teams");
        if (mine.isEmpty()) {
            list.add(new Paragraph("You are not in any team yet. Teams come from your groups in the identity "
                    + "provider; ask your portal administrator to add you to one, then log in again."));
        }
        for (TeamOverview team : mine) {
            var card = new Div();
            card.addClassNames("federa-card", "team");
            card.getElement().setAttribute("data-team", team.name());
            var name = new Span(team.name());
            name.addClassName("team-name");
            card.add(name);
            card.add(new Paragraph(team.members().size() + " member(s): "
                    + team.members().stream().map(TeamMember::displayName).collect(Collectors.joining(", "))));
            boolean admin = team.members().stream()
                    .anyMatch(m -> m.admin() && m.username().equals(me.username()));
            if (admin) {
                // the audit log of the teams one administers (module audit's page; a link, not a dependency)
                var audit = new Anchor("audit", "Audit log of my teams");
                audit.addClassName("team-audit");
                card.add(audit);
            }
            list.add(card);
        }
        add(list);

        ordered.stream().filter(DashboardSection::aboutTeams).forEach(section -> add(section.render(me, mine)));
    }

    private static Div line(String label, String value) {
        var l = new Span(label + ": ");
        l.addClassName("label");
        var v = new Span(value);
        v.addClassName("value");
        return new Div(l, v);
    }
}
