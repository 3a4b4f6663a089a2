package io.federa.tenancy.ui;

import com.vaadin.flow.component.Component;
import io.federa.identity.CurrentUser;
import io.federa.tenancy.TeamOverview;
import java.util.List;
import org.springframework.modulith.NamedInterface;

/**
 * A section of the "My teams" dashboard contributed by another module (quotas, usage, ...): a Spring
 * bean; the dashboard renders every such bean, lowest {@link #order()} first, below the user's teams.
 *
 * <p>It lives in {@code tenancy.ui} (exposed as the named interface "dashboard") rather than in
 * tenancy's root package because it speaks Vaadin, which only {@code ui} packages may (ArchitectureTest).
 *
 * <p>The production bundle loads a route's web components from its own chunk, found from the route
 * class: a section that uses a Vaadin component DashboardView does not declare must be added to its
 * {@code @Uses} list, or the component never renders in the browser.
 */
@NamedInterface("dashboard")
public interface DashboardSection {

    /** Position among the sections; lower comes first. */
    int order();

    /**
     * Does the section show the user's teams' data? Such sections are left out for someone in no team
     * who is no data scientist (a portal admin or an approver, whose landing page is about other work);
     * sections for a role say false and decide themselves whom they show anything to.
     */
    default boolean aboutTeams() {
        return true;
    }

    /**
     * A new component for one dashboard (never shared between views) that shows {@code user} what
     * concerns {@code teams}: exactly the teams the user belongs to (for portal admins too), by name.
     * It may follow live updates while attached.
     */
    Component render(CurrentUser user, List<TeamOverview> teams);
}
