package io.federa.runs.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.federa.clusters.ClusterOverview;
import io.federa.clusters.ClusterRegistry;
import io.federa.identity.CurrentUser;
import io.federa.identity.CurrentUsers;
import io.federa.runs.InvalidSweepException;
import io.federa.runs.Sweep;
import io.federa.runs.Sweeps;
import io.federa.shared.UserFacingException;
import io.federa.tenancy.TeamDirectory;
import jakarta.annotation.security.PermitAll;
import java.util.List;

/**
 * A minimal form for a sweep: team, cluster, script, the parameter space as lines, grid or random
 * search, the objective. Every problem is listed under the form; nothing reaches Slurm until there
 * are none. Submitting for a team the user is not in is refused by {@link Sweeps#submit}.
 */
@Route("sweeps/new")
@PageTitle("New sweep · Federa")
@PermitAll
class NewSweepView extends VerticalLayout {

    static final String EXAMPLE_SCRIPT = """
            #!/bin/bash
            #SBATCH -c 1
            #SBATCH --time=0:10:00
            # FEDERA_PARAM_<NAME> holds each parameter; report the objective like this:
            curl -fsS -X POST -H "Authorization: Bearer $FEDERA_TOKEN" -H 'Content-Type: application/json' \\
              --data "[{\\"key\\":\\"loss\\",\\"step\\":1,\\"value\\":$FEDERA_PARAM_LR}]" \\
              "$FEDERA_URL/api/runs/$FEDERA_RUN_ID/metrics"
            """;

    private final Div problems = new Div();
    private final ProgressBar progress = new ProgressBar();

    NewSweepView(Sweeps sweeps, CurrentUsers currentUsers, TeamDirectory teams, ClusterRegistry registry) {
        addClassName("federa-page");
        setId("new-sweep");
        CurrentUser user = currentUsers.require();
        add(new H2("New sweep"));
        add(new Paragraph("A sweep runs your script once per point of a parameter space, as one Slurm job array. "
                + "Each trial is a run with its parameters in FEDERA_PARAM_<NAME> (and FEDERA_RUN_ID, FEDERA_TOKEN to "
                + "report metrics). Write parameters as \"lr = 0.001, 0.01, 0.1\", \"epochs = 1..3\" (whole numbers, "
                + "optionally \"step 2\") or \"wd = 0.0001..0.1 log 4\" (4 points, log or linear). The team's quota "
                + "holds one trial's resources times \"at most at once\"."));

        List<String> myTeams = user.groups().stream()
                .filter(t -> teams.mayActFor(user, t))
                .sorted()
                .toList();
        List<String> clusters = registry.overview().stream()
                .filter(ClusterOverview::enabled)
                .map(ClusterOverview::name)
                .sorted()
                .toList();
        var sweepForm = new SweepForm(myTeams, clusters);
        sweepForm.team.setId("sweep-team");
        sweepForm.cluster.setId("sweep-cluster");
        sweepForm.script.setId("sweep-script");
        sweepForm.script.setWidthFull();
        sweepForm.parameters.setId("sweep-parameters");
        sweepForm.parameters.setWidthFull();
        sweepForm.strategy.setId("sweep-strategy");
        sweepForm.samples.setId("sweep-samples");
        sweepForm.seed.setId("sweep-seed");
        sweepForm.objective.setId("sweep-objective");
        sweepForm.goal.setId("sweep-goal");
        sweepForm.maxConcurrent.setId("sweep-max-concurrent");

        var form = new FormLayout(
                sweepForm.team,
                sweepForm.cluster,
                sweepForm.strategy,
                sweepForm.samples,
                sweepForm.seed,
                sweepForm.objective,
                sweepForm.goal,
                sweepForm.maxConcurrent);
        add(form, sweepForm.parameters, sweepForm.script);
        problems.setId("sweep-problems");
        problems.addClassName("federa-error");
        progress.setIndeterminate(true);
        progress.setVisible(false);
        var submit = new Button("Start sweep");
        submit.setId("sweep-submit");
        submit.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        submit.setDisableOnClick(true);
        submit.addClickListener(e -> {
            problems.removeAll();
            progress.setVisible(true);
            try {
                // nobody outside the team makes the portal parse their text
                sweeps.requireSubmitter(user, sweepForm.team());
                Sweep sweep = sweeps.submit(user, sweepForm.request());
                submit.getUI().ifPresent(ui -> ui.navigate("sweeps/" + sweep.id()));
            } catch (InvalidSweepException ex) {
                showProblems(ex.problems());
            } catch (UserFacingException ex) {
                showProblems(List.of(ex.userMessage()));
            } finally {
                progress.setVisible(false);
                submit.setEnabled(true);
            }
        });
        add(progress, submit, problems);
    }

    private void showProblems(List<String> list) {
        var ul = new UnorderedList();
        list.forEach(p -> ul.add(new ListItem(p)));
        problems.add(new Paragraph("The sweep was not started:"), ul);
    }
}
