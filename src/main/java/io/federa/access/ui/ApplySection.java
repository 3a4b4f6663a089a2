package io.federa.access.ui;

import static io.federa.access.ui.PermissionsUi.call;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.select.Select;
import io.federa.access.ApplyRecord;
import io.federa.access.ApplyStep;
import io.federa.access.ClusterPermissions;
import io.federa.access.Plan;
import io.federa.access.PlannedChange;
import io.federa.access.UnmanagedAssociation;
import io.federa.shared.UserFacingException;
import io.federa.shared.ui.ViewWork;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Preview and apply" on the cluster permissions page: what the portal would change in the
 * cluster's Slurm accounting (for all teams or one), and applying exactly that after a confirmation,
 * step by step with progress, on the managed executor ({@link ViewWork}).
 */
class ApplySection extends VerticalLayout {

    private static final Logger log = LoggerFactory.getLogger(ApplySection.class);
    static final String ALL_TEAMS = "All teams";

    private final ClusterPermissions permissions;
    private final ViewWork work;
    private final Runnable afterApply;
    private final Select<String> planScope = new Select<>();
    private final Grid<PlannedChange> planGrid = new Grid<>();
    private final Grid<UnmanagedAssociation> unmanagedGrid = new Grid<>();
    private final Span planMessage = new Span();
    private final Button apply = new Button("Apply changes");
    private final ProgressBar progress = new ProgressBar();
    private final Grid<ApplyStep> stepGrid = new Grid<>();
    private @Nullable String cluster;
    private @Nullable Plan previewed;

    /** {@code afterApply} runs in the UI when an apply ended (the page re-reads what it stores). */
    ApplySection(ClusterPermissions permissions, ViewWork work, Runnable afterApply) {
        this.permissions = permissions;
        this.work = work;
        this.afterApply = afterApply;

        planScope.setId("plan-scope");
        planScope.setLabel("Teams");
        var preview = new Button("Preview changes", e -> preview());
        preview.setId("plan-preview");
        planGrid.setId("plan-changes");
        planGrid.addColumn(c -> c.kind().label()).setHeader("Change").setAutoWidth(true);
        planGrid.addColumn(PlannedChange::target).setHeader("Target").setAutoWidth(true);
        planGrid.addColumn(PlannedChange::details).setHeader("Details").setFlexGrow(1);
        planGrid.addColumn(PlannedChange::why).setHeader("Why").setFlexGrow(1);
        planGrid.setAllRowsVisible(true);
        unmanagedGrid.setId("plan-unmanaged");
        unmanagedGrid
                .addColumn(UnmanagedAssociation::account)
                .setHeader("Account")
                .setAutoWidth(true);
        unmanagedGrid.addColumn(a -> a.user() == null ? "(account)" : a.user()).setHeader("User");
        unmanagedGrid
                .addColumn(a -> a.partition() == null ? "all" : a.partition())
                .setHeader("Partition");
        unmanagedGrid
                .addColumn(UnmanagedAssociation::reason)
                .setHeader("Why the portal leaves it")
                .setFlexGrow(1);
        unmanagedGrid.setAllRowsVisible(true);
        var unmanaged = new Details("Unmanaged associations (left alone)", unmanagedGrid);
        unmanaged.setId("plan-unmanaged-details");
        planMessage.setId("plan-message");
        apply.setId("plan-apply");
        apply.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        apply.setEnabled(false);
        apply.addClickListener(e -> confirmApply());
        progress.setId("apply-progress");
        progress.setVisible(false);
        stepGrid.setId("apply-steps");
        stepGrid.addColumn(ApplyStep::position).setHeader("#").setAutoWidth(true);
        stepGrid.addColumn(s -> s.change().kind().label()).setHeader("Change").setAutoWidth(true);
        stepGrid.addColumn(s -> s.change().target()).setHeader("Target").setAutoWidth(true);
        stepGrid.addColumn(s -> s.ok() ? "done" : "FAILED: " + s.error())
                .setHeader("Result")
                .setFlexGrow(1);
        stepGrid.setAllRowsVisible(true);
        stepGrid.setVisible(false);
        var bar = new HorizontalLayout(planScope, preview, apply);
        bar.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        add(new H3("Preview and apply"), bar, planMessage, planGrid, unmanaged, progress, stepGrid);
        setPadding(false);
        for (Grid<?> grid : List.of(planGrid, unmanagedGrid, stepGrid)) {
            grid.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT, GridVariant.LUMO_COMPACT);
        }
    }

    /** Another cluster (or none) is shown: nothing previewed; the scopes are all teams or one of {@code teams}. */
    void show(@Nullable String cluster, List<String> teams) {
        this.cluster = cluster;
        previewed = null;
        planGrid.setItems(List.of());
        unmanagedGrid.setItems(List.of());
        stepGrid.setVisible(false);
        apply.setEnabled(false);
        apply.setText("Apply changes");
        planMessage.setText("");
        var scopes = new ArrayList<String>();
        scopes.add(ALL_TEAMS);
        scopes.addAll(teams);
        planScope.setItems(scopes);
        planScope.setValue(ALL_TEAMS);
    }

    private void preview() {
        String c = cluster;
        if (c == null) {
            return;
        }
        String scope = planScope.getValue();
        call(
                () -> scope == null || scope.equals(ALL_TEAMS) ? permissions.plan(c) : permissions.plan(c, scope),
                (Plan plan) -> {
                    previewed = plan;
                    planGrid.setItems(plan.changes());
                    unmanagedGrid.setItems(plan.unmanaged());
                    stepGrid.setVisible(false);
                    planMessage.setText(
                            plan.isEmpty()
                                    ? "Nothing to change: Slurm matches the portal."
                                    : plan.changes().size() + " change(s) would be made, in this order.");
                    apply.setText(
                            plan.isEmpty()
                                    ? "Apply changes"
                                    : "Apply " + plan.changes().size() + " changes");
                    apply.setEnabled(!plan.isEmpty());
                },
                planMessage);
    }

    private void confirmApply() {
        Plan plan = previewed;
        if (plan == null) {
            return;
        }
        var dialog = new ConfirmDialog();
        dialog.setId("apply-confirm");
        dialog.setHeader("Apply " + plan.changes().size() + " changes to " + plan.cluster() + "?");
        dialog.setText("The portal makes exactly the previewed changes in " + plan.cluster()
                + "'s Slurm accounting, one by one, and logs each result. If Slurm or the portal changed since the "
                + "preview, nothing is applied and you are asked to preview again.");
        dialog.setCancelable(true);
        dialog.setConfirmText("Apply");
        dialog.addConfirmListener(e -> runApply(plan));
        dialog.open();
    }

    private void runApply(Plan plan) {
        UI ui = UI.getCurrent();
        var steps = new ArrayList<ApplyStep>();
        apply.setEnabled(false);
        progress.setVisible(true);
        progress.setMin(0);
        progress.setMax(plan.changes().size());
        progress.setValue(0);
        stepGrid.setItems(steps);
        stepGrid.setVisible(true);
        planMessage.setText("Applying…");
        work.start(() -> {
            try {
                ApplyRecord done = permissions.apply(
                        plan.cluster(),
                        plan.team(),
                        plan.fingerprint(),
                        step -> ui.access(() -> {
                            steps.add(step);
                            stepGrid.setItems(steps);
                            progress.setValue(steps.size());
                        }));
                ui.access(() -> {
                    progress.setVisible(false);
                    previewed = null;
                    planMessage.setText("Applied: " + done.succeeded() + " done, " + done.failed() + " failed. "
                            + "Preview again to see what is left.");
                    afterApply.run();
                });
            } catch (UserFacingException problem) {
                ui.access(() -> {
                    progress.setVisible(false);
                    planMessage.setText(problem.userMessage());
                });
            } catch (RuntimeException bug) {
                log.warn("apply on {} failed", plan.cluster(), bug);
                ui.access(() -> {
                    progress.setVisible(false);
                    planMessage.setText("The apply failed unexpectedly; the apply log shows how far it got.");
                });
            }
        });
    }
}
