package io.federa.runs.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import io.federa.quota.InUse;
import io.federa.quota.TeamQuota;
import io.federa.submission.ClusterVerdict;
import io.federa.submission.RouteDecision;
import io.federa.submission.RunRouting;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * "Where it would go" on the submit page: the routing decision in words, the team's quota on the
 * cluster the run would go to, and every cluster's verdict with the team's quota there.
 */
final class RoutingPanel {

    final Paragraph explanation = new Paragraph();
    final Grid<ClusterVerdict> routing = new Grid<>();
    final Paragraph quota = new Paragraph();

    RoutingPanel() {
        explanation.setId("run-routing");
        routing.setId("routing-grid");
        routing.addColumn(ClusterVerdict::cluster).setHeader("Cluster").setAutoWidth(true);
        routing.addColumn(ClusterVerdict::summary).setHeader("Decision").setFlexGrow(1);
        routing.addColumn(v -> quotaText(v.quota(), v.held()))
                .setHeader("Team quota there")
                .setFlexGrow(1);
        routing.setAllRowsVisible(true);
        routing.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT, GridVariant.LUMO_COMPACT);
        quota.setId("run-quota");
    }

    Component[] components() {
        return new Component[] {new H3("Where it would go"), explanation, quota, routing};
    }

    /** No decision to show, with why (choose a team, a refusal in words). */
    void clear(String why) {
        explanation.setText(why);
        routing.setItems(List.of());
        quota.setText("");
    }

    /** Shows a bare message and the empty table, keeping the quota line as it was. */
    void refused(String why) {
        explanation.setText(why);
        routing.setItems(List.of());
    }

    /**
     * The decision for a run asked of {@code asked} (a cluster or {@link RunRouting#ANY}); the quota line
     * is the team's on {@code target}, else on the chosen cluster.
     */
    void show(@Nullable RouteDecision decision, String asked, @Nullable String target, String teamName) {
        if (decision == null) {
            clear("Fix the problems above to see where the run would go.");
            return;
        }
        explanation.setText(
                RunRouting.ANY.equals(asked)
                        ? decision.explanation()
                        : decision.chosen() != null
                                ? "The run would go to " + decision.chosen() + "."
                                : "Cluster " + asked + " cannot take this run: "
                                        + decision.clusters().stream()
                                                .flatMap(v -> v.reasons().stream())
                                                .reduce((a, b) -> a + " " + b)
                                                .orElse("it is not enabled."));
        routing.setItems(decision.clusters());
        String shown = target != null ? target : decision.chosen();
        quota.setText(decision.verdict(shown == null ? "" : shown)
                .map(v ->
                        "Team " + teamName + "'s quota on " + v.cluster() + ": " + quotaText(v.quota(), v.held()) + ".")
                .orElse(""));
    }

    static String quotaText(@Nullable TeamQuota q, InUse held) {
        if (q == null) {
            return "no limits set; in use by the team's portal work: " + held.cpus() + " CPUs, " + held.gpus()
                    + " GPUs, " + held.jobs() + " jobs";
        }
        return limit("CPUs", held.cpus(), q.maxCpus()) + ", " + limit("GPUs", held.gpus(), q.maxGpus()) + ", "
                + limit("jobs", held.jobs(), q.maxJobs());
    }

    private static String limit(String what, int used, @Nullable Integer max) {
        return max == null ? what + " " + used + " in use (no limit)" : what + " " + used + " of " + max + " in use";
    }
}
