package io.federa.kubernetes.ui;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import io.federa.kubernetes.KubernetesClusterOverview;
import io.federa.kubernetes.KubernetesClusters;
import io.federa.kubernetes.KubernetesHealth;
import io.federa.kubernetes.KubernetesHealthChanged;
import io.federa.shared.LiveUpdates;
import io.federa.shared.ui.Badges;
import io.federa.shared.ui.LiveRefresh;
import io.federa.shared.ui.PageSection;
import java.time.Clock;

/**
 * The Kubernetes clusters on the Clusters page, beside the Slurm clusters: state, API server version,
 * features (which of Kubeflow's and KServe's resources it serves), last contact, latency. Reads the
 * database only and refreshes by push when the health poller writes.
 */
@org.springframework.stereotype.Component
class KubernetesClustersSection implements PageSection {

    private final KubernetesClusters clusters;
    private final LiveUpdates liveUpdates;
    private final Clock clock;

    KubernetesClustersSection(KubernetesClusters clusters, LiveUpdates liveUpdates, Clock clock) {
        this.clusters = clusters;
        this.liveUpdates = liveUpdates;
        this.clock = clock;
    }

    @Override
    public String page() {
        return CLUSTERS;
    }

    @Override
    public int order() {
        return 10;
    }

    @Override
    public com.vaadin.flow.component.Component render() {
        return new Section();
    }

    private final class Section extends Div {

        private final Div cards = new Div();

        Section() {
            setId("kubernetes-clusters");
            LiveRefresh.follow(this, liveUpdates, KubernetesHealthChanged.class, this::refresh);
            setWidthFull();
            add(new H3("Kubernetes clusters"));
            cards.setWidthFull();
            add(cards);
            refresh();
        }

        private void refresh() {
            cards.removeAll();
            var all = clusters.overview();
            if (all.isEmpty()) {
                cards.add(new Paragraph("No Kubernetes cluster is registered yet. A portal admin registers them "
                        + "under Admin › Kubernetes clusters."));
            }
            all.forEach(c -> cards.add(card(c)));
        }

        private Div card(KubernetesClusterOverview c) {
            var card = new Div();
            card.addClassNames("federa-card", "cluster", "kubernetes-cluster");
            card.getElement().setAttribute("data-kubernetes-cluster", c.name());
            KubernetesHealth h = c.health();
            card.getElement().setAttribute("data-state", c.enabled() ? h.state().name() : "DISABLED");
            var title = new H3(c.name());
            title.addClassName("cluster-name");
            card.add(new Div(title, Badges.state(c.enabled() ? h.state() : null)));
            if (!h.reason().isBlank()) {
                var reason = new Paragraph(h.reason());
                reason.addClassName("cluster-reason");
                card.add(reason);
            }
            var facts = new Paragraph(String.join(
                    " · ",
                    "Kubernetes " + (h.version().isBlank() ? "?" : h.version()),
                    "last contact " + Badges.ago(clock, h.lastContact()),
                    "checked " + Badges.ago(clock, h.lastCheck()),
                    h.latencyMs() == null ? "latency ?" : "latency " + h.latencyMs() + " ms"));
            facts.addClassName("cluster-facts");
            var features = new Paragraph("Features: " + Features.of(h.features()));
            features.addClassName("kubernetes-features");
            card.add(facts, features);
            return card;
        }
    }
}
