package io.federa.runs.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import io.federa.clusters.ClusterRegistry;
import io.federa.identity.CurrentUser;
import io.federa.identity.CurrentUsers;
import io.federa.runs.RunFilter;
import io.federa.runs.RunState;
import io.federa.runs.RunStateChanged;
import io.federa.runs.RunSummary;
import io.federa.runs.Runs;
import io.federa.shared.LiveUpdates;
import io.federa.shared.ui.Badges;
import io.federa.tenancy.TeamDirectory;
import jakarta.annotation.security.PermitAll;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The runs of the user's teams (every team for portal admins), newest first, in a lazy grid paged
 * from the database ({@link Runs#list} with {@link Runs#count}); states change by push. Ticking runs
 * and "Compare" opens {@link CompareView}.
 */
@Route("runs")
@PageTitle("Runs · Federa")
@Menu(title = "Runs", order = 15, icon = "vaadin:flask")
@PermitAll
class RunsView extends VerticalLayout {

    /** A comparison stays readable up to this many runs (one column and one curve per run). */
    static final int MAX_COMPARE = Runs.MAX_COMPARE;

    private final LiveUpdates liveUpdates;
    private final CurrentUser me;
    private final Grid<RunSummary> grid = new Grid<>();
    private final ComboBox<String> team = new ComboBox<>("Team");
    private final Select<RunState> state = new Select<>();
    private final ComboBox<String> cluster = new ComboBox<>("Cluster");
    private final Button compare = new Button("Compare");
    private final TeamDirectory teams;
    private LiveUpdates.@Nullable Following subscription;

    RunsView(
            Runs runs,
            CurrentUsers currentUsers,
            ClusterRegistry registry,
            TeamDirectory teams,
            LiveUpdates liveUpdates) {
        this.liveUpdates = liveUpdates;
        this.teams = teams;
        this.me = currentUsers.require();
        addClassName("federa-page");
        setSizeFull();
        setId("runs");
        add(new H2("Runs"));
        add(new Paragraph("Runs your teams sent to HPC through the portal, newest first. States follow the clusters "
                + "live. Click a run to open it; tick two or more and press Compare to see their params, final "
                + "metrics and curves side by side. Times are UTC."));

        team.setId("filter-team");
        team.setItems(me.groups().stream()
                .filter(t -> teams.mayActFor(me, t))
                .sorted()
                .toList());
        team.setClearButtonVisible(true);
        state.setId("filter-state");
        state.setLabel("State");
        state.setItems(RunState.values());
        state.setEmptySelectionAllowed(true);
        state.setEmptySelectionCaption("any");
        cluster.setId("filter-cluster");
        cluster.setItems(registry.enabledClusters());
        cluster.setClearButtonVisible(true);
        compare.setId("runs-compare");
        compare.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        compare.setEnabled(false);
        compare.addClickListener(e -> openComparison());
        var newRun = new Anchor("runs/new", "Submit a run");
        newRun.setId("runs-new");
        var bar = new HorizontalLayout(team, state, cluster, compare, newRun);
        bar.addClassName("federa-filters");
        bar.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        add(bar);

        grid.setId("runs-grid");
        grid.setSelectionMode(Grid.SelectionMode.MULTI);
        grid.addComponentColumn(r -> {
                    var link = new Anchor("runs/" + r.id(), r.id());
                    link.getElement().setAttribute("data-run", r.id());
                    return link;
                })
                .setHeader("Run")
                .setAutoWidth(true);
        grid.addColumn(RunSummary::jobName).setHeader("Name").setWidth("12em").setFlexGrow(1);
        grid.addColumn(RunSummary::team).setHeader("Team").setAutoWidth(true);
        grid.addColumn(RunSummary::owner).setHeader("By").setAutoWidth(true);
        grid.addColumn(RunSummary::cluster).setHeader("Cluster").setAutoWidth(true);
        grid.addColumn(r -> r.slurmJobId() == null ? "" : String.valueOf(r.slurmJobId()))
                .setHeader("Slurm job")
                .setAutoWidth(true);
        grid.addComponentColumn(RunsView::stateCell).setHeader("State").setAutoWidth(true);
        grid.addColumn(r -> Badges.time(r.createdAt())).setHeader("Created").setAutoWidth(true);
        grid.addColumn(r -> Badges.time(r.endedAt())).setHeader("Ended").setAutoWidth(true);
        grid.addItemClickListener(e -> {
            // the selection checkbox column has no column of ours: a tick is not "open"
            if (e.getColumn() != null) {
                getUI().ifPresent(ui -> ui.navigate("runs/" + e.getItem().id()));
            }
        });
        grid.setItems(
                        query -> runs.list(me, filter(), query.getOffset(), query.getLimit()).stream(),
                        query -> runs.count(me, filter()))
                .setIdentifierProvider(RunSummary::id);
        grid.addSelectionListener(e -> {
            int n = e.getAllSelectedItems().size();
            compare.setEnabled(n >= 2 && n <= MAX_COMPARE);
            compare.setText(n >= 2 ? "Compare " + n : "Compare");
            compare.getElement()
                    .setAttribute(
                            "title",
                            n > MAX_COMPARE
                                    ? "Compare at most " + MAX_COMPARE + " runs at once."
                                    : "Tick 2 or more runs.");
        });
        grid.setSizeFull();
        add(grid);
        setFlexGrow(1, grid);

        team.addValueChangeListener(e -> refresh());
        state.addValueChangeListener(e -> refresh());
        cluster.addValueChangeListener(e -> refresh());
    }

    private RunFilter filter() {
        return new RunFilter(team.getValue(), state.getValue(), cluster.getValue());
    }

    private void openComparison() {
        String ids =
                grid.getSelectedItems().stream().map(RunSummary::id).sorted().collect(Collectors.joining(","));
        UI.getCurrent().navigate("runs/compare", QueryParameters.of("ids", ids));
    }

    @Override
    protected void onAttach(AttachEvent event) {
        UI ui = event.getUI();
        subscription = liveUpdates.subscribe(RunStateChanged.class, e -> {
            // cheap, on the publisher's thread; the grid's own reads are scoped by the service
            if (me.isPortalAdmin() || me.groups().contains(e.team())) {
                ui.access(this::refresh);
            }
        });
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (subscription != null) {
            subscription.close();
            subscription = null;
        }
    }

    private void refresh() {
        grid.getDataProvider().refreshAll();
    }

    static Span stateCell(RunSummary r) {
        var badge = new Span(r.state().name());
        badge.addClassNames("state-badge", "state-" + r.state().name().toLowerCase(Locale.ROOT));
        badge.getElement().setAttribute("data-run-state", r.id());
        if (!r.stateReason().isBlank()) {
            badge.getElement().setAttribute("title", r.stateReason());
        }
        return badge;
    }

    static List<String> parseIds(@Nullable String ids) {
        if (ids == null || ids.isBlank()) {
            return List.of();
        }
        return java.util.Arrays.stream(ids.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .distinct()
                .toList();
    }
}
