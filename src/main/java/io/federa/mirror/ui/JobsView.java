package io.federa.mirror.ui;

import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.provider.SortDirection;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.federa.clusters.ClusterRegistry;
import io.federa.clusters.JobState;
import io.federa.identity.CurrentUser;
import io.federa.identity.CurrentUsers;
import io.federa.mirror.JobFilter;
import io.federa.mirror.JobMirror;
import io.federa.mirror.JobSort;
import io.federa.mirror.JobsMirrored;
import io.federa.mirror.MirroredJob;
import io.federa.mirror.PendingReasons;
import io.federa.shared.LiveUpdates;
import io.federa.shared.ui.Badges;
import io.federa.shared.ui.LiveRefresh;
import jakarta.annotation.security.PermitAll;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * All clusters' jobs in one lazy, paged grid, read from the mirror only, scoped to the user's teams
 * (everything for portal admins), updated by push when a poller mirrors changes.
 */
@Route("jobs")
@PageTitle("Jobs · Federa")
@Menu(title = "Jobs", order = 20, icon = "vaadin:tasks")
@PermitAll
class JobsView extends VerticalLayout {

    private final Grid<MirroredJob> grid = new Grid<>();
    private final ComboBox<String> cluster = new ComboBox<>("Cluster");
    private final Select<JobState> state = new Select<>();
    private final TextField user = new TextField("User");
    private final TextField account = new TextField("Account");
    private final TextField partition = new TextField("Partition");

    JobsView(JobMirror mirror, CurrentUsers currentUsers, ClusterRegistry registry, LiveUpdates liveUpdates) {
        LiveRefresh.follow(this, liveUpdates, JobsMirrored.class, this::refresh);
        CurrentUser me = currentUsers.require();
        addClassName("federa-page");
        setSizeFull();
        add(new H2("Jobs"));
        add(new Paragraph(
                me.isPortalAdmin()
                        ? "Every job on every cluster, including jobs submitted outside the portal."
                        : "Jobs of your teams' Slurm accounts on every cluster, including jobs submitted outside the "
                                + "portal. Times are UTC."));

        cluster.setId("filter-cluster");
        cluster.setItems(registry.enabledClusters());
        cluster.setClearButtonVisible(true);
        state.setId("filter-state");
        state.setLabel("State");
        state.setItems(JobState.values());
        state.setEmptySelectionAllowed(true);
        state.setEmptySelectionCaption("any");
        for (TextField f : List.of(user, account, partition)) {
            f.setValueChangeMode(ValueChangeMode.LAZY);
            f.setClearButtonVisible(true);
        }
        user.setId("filter-user");
        account.setId("filter-account");
        partition.setId("filter-partition");
        var filters = new HorizontalLayout(cluster, state, user, account, partition);
        filters.addClassName("federa-filters");
        add(filters);

        grid.setId("jobs-grid");
        grid.addColumn(MirroredJob::cluster).setHeader("Cluster").setAutoWidth(true);
        grid.addColumn(MirroredJob::jobId)
                .setHeader("Job ID")
                .setKey("jobId")
                .setSortable(true)
                .setAutoWidth(true);
        grid.addColumn(MirroredJob::name).setHeader("Name").setWidth("12em").setFlexGrow(1);
        grid.addColumn(MirroredJob::user).setHeader("User").setAutoWidth(true);
        grid.addColumn(MirroredJob::account).setHeader("Account").setAutoWidth(true);
        grid.addColumn(MirroredJob::partition).setHeader("Partition").setAutoWidth(true);
        grid.addComponentColumn(JobsView::stateCell).setHeader("State").setAutoWidth(true);
        grid.addColumn(j -> time(j.submitTime()))
                .setHeader("Submitted")
                .setKey("submitted")
                .setSortable(true)
                .setAutoWidth(true);
        grid.addColumn(j -> time(j.startTime())).setHeader("Started").setAutoWidth(true);
        grid.addColumn(j -> time(j.endTime())).setHeader("Ended").setAutoWidth(true);
        grid.addColumn(MirroredJob::cpus).setHeader("CPUs").setAutoWidth(true);
        grid.addItemClickListener(e -> getUI().ifPresent(ui -> ui.navigate(
                JobView.class,
                new com.vaadin.flow.router.RouteParameters(
                        new com.vaadin.flow.router.RouteParam(
                                "cluster", e.getItem().cluster()),
                        new com.vaadin.flow.router.RouteParam(
                                "jobId", String.valueOf(e.getItem().jobId()))))));
        grid.setItems(query ->
                mirror.page(me, filter(), sort(query.getSortOrders()), query.getOffset(), query.getLimit()).stream());
        grid.setSizeFull();
        add(grid);
        setFlexGrow(1, grid);

        cluster.addValueChangeListener(e -> refresh());
        state.addValueChangeListener(e -> refresh());
        user.addValueChangeListener(e -> refresh());
        account.addValueChangeListener(e -> refresh());
        partition.addValueChangeListener(e -> refresh());
    }

    private void refresh() {
        grid.getDataProvider().refreshAll();
    }

    private JobFilter filter() {
        return new JobFilter(
                cluster.getValue(), state.getValue(), user.getValue(), account.getValue(), partition.getValue());
    }

    private static JobSort sort(List<com.vaadin.flow.data.provider.QuerySortOrder> orders) {
        if (orders.isEmpty()) {
            return JobSort.NEWEST_FIRST;
        }
        var first = orders.getFirst();
        boolean asc = first.getDirection() == SortDirection.ASCENDING;
        return "jobId".equals(first.getSorted())
                ? asc ? JobSort.JOB_ID_ASC : JobSort.JOB_ID_DESC
                : asc ? JobSort.OLDEST_FIRST : JobSort.NEWEST_FIRST;
    }

    static Span stateCell(MirroredJob j) {
        var badge = new Span(j.state().name());
        badge.addClassNames("state-badge", "state-" + j.state().name().toLowerCase(Locale.ROOT));
        badge.getElement().setAttribute("data-job", j.cluster() + "/" + j.jobId());
        if (j.state() == JobState.PENDING && !j.stateReason().isBlank()) {
            badge.getElement().setAttribute("title", PendingReasons.inWords(j.stateReason()));
        }
        return badge;
    }

    static String time(@Nullable Instant t) {
        return Badges.time(t);
    }
}
