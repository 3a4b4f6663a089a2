package io.federa.clusters.ui;

import com.vaadin.flow.component.dependency.Uses;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.security.AuthenticationContext;
import io.federa.clusters.ClusterHealth;
import io.federa.clusters.ClusterHealthChanged;
import io.federa.clusters.ClusterOverview;
import io.federa.clusters.ClusterRegistry;
import io.federa.clusters.SlurmNode;
import io.federa.clusters.SlurmPartition;
import io.federa.shared.LiveUpdates;
import io.federa.shared.Roles;
import io.federa.shared.ui.Badges;
import io.federa.shared.ui.LiveRefresh;
import io.federa.shared.ui.PageSection;
import jakarta.annotation.security.PermitAll;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Every cluster's health, partitions and nodes as the health poller last saw them. Reads only the
 * database and refreshes by push when the poller writes; never calls Slurm.
 */
// Sections other modules contribute (Spring beans) are not reachable from this route for the
// production bundle's per-route chunks: name the components they use, or they never render.
@Uses(Grid.class)
@Route("clusters")
@PageTitle("Clusters · Federa")
@Menu(title = "Clusters", order = 10, icon = "vaadin:cluster")
@PermitAll
class ClustersView extends VerticalLayout {

    private final ClusterRegistry registry;
    private final Clock clock;
    private final boolean admin;
    private final Div clusters = new Div();

    ClustersView(
            ClusterRegistry registry,
            LiveUpdates liveUpdates,
            Clock clock,
            AuthenticationContext auth,
            List<PageSection> sections) {
        this.registry = registry;
        LiveRefresh.follow(this, liveUpdates, ClusterHealthChanged.class, this::refresh);
        this.clock = clock;
        this.admin = auth.hasRole(Roles.PORTAL_ADMIN);
        addClassName("federa-page");
        add(new H2("Clusters"));
        add(new Paragraph("Health, partitions and nodes of every registered Slurm cluster, as the portal last "
                + "saw them. The page updates by itself."));
        clusters.setId("clusters");
        clusters.setWidthFull();
        add(clusters);
        // other modules' sections (Kubernetes clusters), which this module does not know
        sections.stream()
                .filter(s -> PageSection.CLUSTERS.equals(s.page()))
                .sorted(Comparator.comparingInt(PageSection::order))
                .forEach(s -> add(s.render()));
        refresh();
    }

    private void refresh() {
        clusters.removeAll();
        var all = registry.overview();
        if (all.isEmpty()) {
            clusters.add(new Paragraph("No cluster is registered yet. A portal admin registers clusters under "
                    + "Admin › Cluster registry."));
        }
        for (ClusterOverview c : all) {
            clusters.add(card(c));
        }
    }

    private Div card(ClusterOverview c) {
        var card = new Div();
        card.addClassNames("federa-card", "cluster");
        card.getElement().setAttribute("data-cluster", c.name());
        card.getElement()
                .setAttribute("data-state", c.enabled() ? c.health().state().name() : "DISABLED");

        var title = new H3(c.name());
        title.addClassName("cluster-name");
        var state = Clusters.stateBadge(c.enabled() ? c.health().state() : null);
        card.add(new Div(title, state));

        ClusterHealth h = c.health();
        if (!h.reason().isBlank()) {
            var reason = new Paragraph(h.reason());
            reason.addClassName("cluster-reason");
            card.add(reason);
            // internal details (which slurmrestd address failed) are for portal admins only
            if (admin && !h.detail().isBlank() && !h.detail().equals(h.reason())) {
                var detail = new Paragraph("For admins: " + h.detail());
                detail.addClassName("cluster-detail");
                card.add(detail);
            }
        }
        var facts = new Paragraph(String.join(
                " · ",
                "Slurm " + (h.slurmRelease().isBlank() ? "?" : h.slurmRelease()),
                "API " + (h.apiVersion().isBlank() ? "?" : h.apiVersion()),
                "last contact " + ago(h.lastContact()),
                "checked " + ago(h.lastCheck()),
                h.latencyMs() == null ? "latency ?" : "latency " + h.latencyMs() + " ms"));
        facts.addClassName("cluster-facts");
        card.add(facts);

        var partitions = new Grid<SlurmPartition>();
        partitions.addClassName("partitions");
        partitions
                .addColumn(p -> p.name() + (p.isDefault() ? " (default)" : ""))
                .setHeader("Partition");
        partitions.addColumn(SlurmPartition::state).setHeader("State");
        partitions.addColumn(SlurmPartition::totalNodes).setHeader("Nodes");
        partitions.addColumn(SlurmPartition::totalCpus).setHeader("CPUs");
        partitions.addColumn(p -> minutes(p.maxTimeMinutes())).setHeader("Max time");
        partitions
                .addColumn(p -> p.maxNodesPerJob() == null ? "unlimited" : p.maxNodesPerJob())
                .setHeader("Max nodes/job");
        partitions.setItems(c.partitions());
        partitions.setAllRowsVisible(true);

        var nodes = new Grid<SlurmNode>();
        nodes.addClassName("nodes");
        nodes.addColumn(SlurmNode::name).setHeader("Node");
        nodes.addColumn(n -> n.state() + (n.stateFlags().isEmpty() ? "" : " " + n.stateFlags()))
                .setHeader("State");
        nodes.addColumn(n -> n.cpusAllocated() + " / " + n.cpusTotal()).setHeader("CPUs alloc/total");
        nodes.addColumn(n -> n.memoryAllocatedMb() + " / " + n.memoryTotalMb() + " MB")
                .setHeader("Memory alloc/total");
        nodes.addColumn(ClustersView::gpus).setHeader("GPUs alloc/total");
        nodes.addColumn(n -> String.format(Locale.ROOT, "%.2f", n.cpuLoad())).setHeader("Load");
        nodes.setItems(c.nodes());
        nodes.setAllRowsVisible(true);

        card.add(new Span("Partitions"), partitions, new Span("Nodes"), nodes);
        return card;
    }

    /** "1 / 2 a100", "0 / 2", or "–" for a node without GPUs. */
    static String gpus(SlurmNode n) {
        if (n.gpusTotal() == 0) {
            return "–";
        }
        String model = n.gpuModel();
        return n.gpusAllocated() + " / " + n.gpusTotal() + (model.isEmpty() ? "" : " " + model);
    }

    private String ago(@Nullable Instant when) {
        return Badges.ago(clock, when);
    }

    private static String minutes(@Nullable Integer m) {
        if (m == null) {
            return "unlimited";
        }
        return m >= 1440 && m % 1440 == 0
                ? (m / 1440) + " d"
                : m >= 60 ? (m / 60) + " h " + (m % 60) + " min" : m + " min";
    }
}
