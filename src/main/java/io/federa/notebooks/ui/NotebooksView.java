package io.federa.notebooks.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.AnchorTarget;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.federa.identity.CurrentUser;
import io.federa.identity.CurrentUsers;
import io.federa.notebooks.Notebook;
import io.federa.notebooks.NotebookChanged;
import io.federa.notebooks.NotebookImage;
import io.federa.notebooks.NotebookKind;
import io.federa.notebooks.NotebookOptions;
import io.federa.notebooks.NotebookOptions.Place;
import io.federa.notebooks.NotebookRequest;
import io.federa.notebooks.NotebookState;
import io.federa.notebooks.Notebooks;
import io.federa.shared.LiveUpdates;
import io.federa.shared.Roles;
import io.federa.shared.UserFacingException;
import io.federa.shared.ui.LiveRefresh;
import io.federa.tenancy.TeamDirectory;
import io.federa.tenancy.TeamOverview;
import jakarta.annotation.security.PermitAll;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * "Notebooks": the New notebook form (team, where, image or environment, CPUs, memory, GPUs where the
 * place has them, time limit on Slurm, idle-cull time within the admins' bounds; the quota shown
 * before starting; refusals in words) and the caller's notebooks across every cluster with state and
 * progress in words, where, resources, age, idle time and open / stop / start / delete / extend.
 * Portal admins see every notebook with its team. Follows changes live. docs/adr/0030-notebooks.md.
 */
@Route("notebooks")
@PageTitle("Notebooks · Federa")
@Menu(title = "Notebooks", order = 17, icon = "vaadin:notebook")
@PermitAll
class NotebooksView extends VerticalLayout {

    private final Notebooks notebooks;
    private final Clock clock;
    private final CurrentUser me;
    private final Div list = new Div();
    private final Paragraph error = new Paragraph();
    private final Paragraph quota = new Paragraph();
    private final Select<String> team = new Select<>();
    private final Select<Place> where = new Select<>();
    private final Select<NotebookImage> image = new Select<>();
    private final IntegerField cpus = new IntegerField("CPUs");
    private final IntegerField memory = new IntegerField("Memory (GiB)");
    private final IntegerField gpus = new IntegerField("GPUs");
    private final IntegerField timeLimit = new IntegerField("Time limit (minutes)");
    private final IntegerField idleCull = new IntegerField("Stop when idle for (minutes)");
    private @Nullable NotebookOptions options;

    NotebooksView(
            Notebooks notebooks, TeamDirectory teams, CurrentUsers currentUsers, LiveUpdates liveUpdates, Clock clock) {
        this.notebooks = notebooks;
        this.clock = clock;
        this.me = currentUsers.require();
        LiveRefresh.follow(
                this,
                liveUpdates,
                NotebookChanged.class,
                e -> me.isPortalAdmin() || e.owner().equals(me.username()),
                this::refresh);
        addClassName("federa-page");
        setId("notebooks");
        add(new H2("Notebooks"));
        List<String> myTeams =
                teams.teamsOf(me).stream().map(TeamOverview::name).toList();
        if (me.hasRole(Roles.DATA_SCIENTIST) && !myTeams.isEmpty()) {
            add(form(myTeams));
        }
        add(new H3(me.isPortalAdmin() ? "All notebooks" : "My notebooks"));
        list.setId("notebook-list");
        list.setWidthFull();
        add(list);
        refresh();
    }

    private Div form(List<String> myTeams) {
        var box = new Div();
        box.setId("new-notebook");
        box.add(new H3("New notebook"));
        team.setLabel("Team");
        team.setId("notebook-team");
        team.setItems(myTeams);
        where.setLabel("Where");
        where.setId("notebook-where");
        where.setEmptySelectionAllowed(true);
        where.setEmptySelectionCaption("Any eligible cluster");
        where.setItemLabelGenerator(p -> p == null ? "Any eligible cluster" : p.label());
        image.setLabel("Image or environment");
        image.setId("notebook-image");
        image.setItemLabelGenerator(i -> i.name() + " (" + i.kind().label() + ")");
        cpus.setId("notebook-cpus");
        cpus.setValue(1);
        cpus.setMin(1);
        memory.setId("notebook-memory");
        memory.setValue(2);
        memory.setMin(1);
        gpus.setId("notebook-gpus");
        gpus.setValue(0);
        gpus.setMin(0);
        timeLimit.setId("notebook-time-limit");
        idleCull.setId("notebook-idle-cull");
        quota.setId("notebook-quota");
        error.setId("notebook-error");
        error.addClassName("error");
        team.addValueChangeListener(e -> loadOptions());
        where.addValueChangeListener(e -> placeChosen());
        var start = new Button("Start notebook", e -> start());
        start.setId("notebook-start");
        var form = new FormLayout(team, where, image, cpus, memory, gpus, timeLimit, idleCull);
        box.add(form, quota, error, start);
        team.setValue(myTeams.getFirst());
        return box;
    }

    private void loadOptions() {
        error.setText("");
        if (team.getValue() == null) {
            return;
        }
        try {
            options = notebooks.options(me, team.getValue());
        } catch (UserFacingException e) {
            error.setText(e.userMessage());
            return;
        }
        where.setItems(options.places());
        image.setItems(options.images());
        var bounds = options.idleCull();
        idleCull.setMin(bounds.minMinutes());
        idleCull.setMax(bounds.maxMinutes());
        idleCull.setValue(bounds.defaultMinutes());
        idleCull.setHelperText("between " + bounds.minMinutes() + " and " + bounds.maxMinutes() + " minutes");
        quota.setText(options.quotaInWords());
        if (options.places().isEmpty()) {
            error.setText("No cluster offers notebooks to team " + team.getValue()
                    + " yet: a portal admin gives the team a Kubernetes cluster or a Slurm account.");
        }
        placeChosen();
    }

    /** GPUs only where the place has them; a time limit only on Slurm; images of the place's kind. */
    private void placeChosen() {
        if (options == null) {
            return;
        }
        Place p = where.getValue();
        int maxGpus = p != null
                ? p.maxGpus()
                : options.places().stream().mapToInt(Place::maxGpus).max().orElse(0);
        gpus.setVisible(maxGpus > 0);
        gpus.setMax(maxGpus);
        if (maxGpus == 0) {
            gpus.setValue(0);
        }
        boolean slurm = p == null
                ? options.places().stream().anyMatch(x -> x.kind() == NotebookKind.SLURM)
                : p.kind() == NotebookKind.SLURM;
        timeLimit.setVisible(slurm);
        image.setItems(options.images().stream()
                .filter(i -> p == null || i.kind() == p.kind())
                .toList());
    }

    private void start() {
        error.setText("");
        Place p = where.getValue();
        NotebookImage chosen = image.getValue();
        if (team.getValue() == null || chosen == null) {
            error.setText("Choose a team and an image or environment.");
            return;
        }
        try {
            notebooks.start(
                    me,
                    new NotebookRequest(
                            team.getValue(),
                            p == null ? chosen.kind() : p.kind(),
                            p == null ? null : p.cluster(),
                            chosen.name(),
                            Objects.requireNonNullElse(cpus.getValue(), 1),
                            Objects.requireNonNullElse(memory.getValue(), 2) * 1024,
                            Objects.requireNonNullElse(gpus.getValue(), 0),
                            timeLimit.isVisible() ? timeLimit.getValue() : null,
                            idleCull.getValue()));
        } catch (UserFacingException e) {
            error.setText(e.userMessage());
        }
        loadOptions();
        refresh();
    }

    private void refresh() {
        list.removeAll();
        List<Notebook> mine = notebooks.visible(me);
        if (mine.isEmpty()) {
            var none = new Paragraph("No notebooks yet.");
            none.setId("notebooks-none");
            list.add(none);
            return;
        }
        for (Notebook n : mine) {
            list.add(row(n));
        }
    }

    private Div row(Notebook n) {
        var row = new Div();
        row.addClassName("notebook");
        row.getElement().setAttribute("data-notebook", n.id());
        row.getElement().setAttribute("data-state", n.state().name());
        var title = new Span(n.id() + (me.isPortalAdmin() ? " · " + n.owner() + " · team " + n.team() : ""));
        title.addClassName("notebook-title");
        var state = new Span(n.state().label());
        state.addClassName("notebook-state");
        var reason = new Span(n.reason());
        reason.addClassName("notebook-reason");
        var details =
                new Span(n.where() + " · " + n.image() + " · " + n.resources().describe() + " · started "
                        + ago(Duration.between(n.createdAt(), clock.instant())) + " ago"
                        + (n.state() == NotebookState.READY
                                ? " · idle " + ago(n.idleFor(clock.instant())) + " (stopped after "
                                        + n.idleCull().toMinutes() + " min)"
                                : ""));
        details.addClassName("notebook-details");
        var actions = new HorizontalLayout();
        boolean owner = n.owner().equals(me.username());
        if (n.state() == NotebookState.READY && (owner || n.sharedWithAdmins())) {
            var open = new Anchor("notebooks/" + n.id() + "/", "Open");
            open.setTarget(AnchorTarget.BLANK);
            open.addClassName("notebook-open");
            actions.add(open);
        }
        if (n.state().isRunning()) {
            actions.add(action("Stop", "notebook-stop", notebooks::stop, n));
        }
        if (n.state().isDown() && owner) {
            actions.add(action("Start", "notebook-start-again", notebooks::startAgain, n));
        }
        if (n.cullWarnedAt() != null && n.state() == NotebookState.READY && owner) {
            var warning = new Span("Idle: it will be stopped soon (nothing is deleted).");
            warning.addClassName("notebook-cull-warning");
            actions.add(warning, action("Keep it running", "notebook-extend", notebooks::extend, n));
        }
        actions.add(action(
                "Delete",
                "notebook-delete",
                (u, id) -> {
                    notebooks.delete(u, id);
                    return n;
                },
                n));
        row.add(new Div(title, new Span(" "), state), new Div(reason), new Div(details), actions);
        return row;
    }

    private interface Action {
        Notebook apply(CurrentUser user, String id);
    }

    private Button action(String label, String className, Action action, Notebook n) {
        var button = new Button(label, e -> {
            error.setText("");
            try {
                action.apply(me, n.id());
            } catch (UserFacingException ex) {
                error.setText(ex.userMessage());
            }
            refresh();
        });
        button.addClassName(className);
        return button;
    }

    static String ago(Duration d) {
        if (d.toMinutes() < 1) {
            return d.toSeconds() + " s";
        }
        if (d.toHours() < 1) {
            return d.toMinutes() + " min";
        }
        return d.toHours() + " h " + d.toMinutesPart() + " min";
    }
}
