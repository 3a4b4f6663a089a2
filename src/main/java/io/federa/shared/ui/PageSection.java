package io.federa.shared.ui;

import com.vaadin.flow.component.Component;

/**
 * A section that one module contributes to a page another module owns, where the owner may not know
 * the contributor (the module table): a Spring bean; the page renders every bean whose {@link #page()}
 * is its own, lowest {@link #order()} first. Kubernetes clusters on the Clusters page, which teams may
 * use them in the permissions console.
 *
 * <p>The production bundle loads a route's web components from its own chunk, found from the route
 * class: a section that uses a Vaadin component its page does not must have the page declare it
 * with {@code @Uses}, or the component never renders in the browser.
 *
 * <p>For pages a user of any role sees, a section shows no team data (it is not told who looks); team
 * data goes on the "My teams" dashboard ({@code tenancy.ui.DashboardSection}).
 */
public interface PageSection {

    /** The Clusters page (everyone). */
    String CLUSTERS = "clusters";

    /** Admin › Cluster permissions (portal admins). */
    String CLUSTER_PERMISSIONS = "admin/permissions";

    /** The route of the page this section belongs on, one of the constants above. */
    String page();

    /** Position among the page's sections; lower comes first. */
    int order();

    /** A new component for one page view (never shared); it may follow live updates while attached. */
    Component render();
}
