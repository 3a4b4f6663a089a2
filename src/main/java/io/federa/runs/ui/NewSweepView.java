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
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.federa.clusters.ClusterOverview;
import io.federa.clusters.ClusterRegistry;
import io.federa.identity.CurrentUser;
import io.federa.identity.CurrentUsers;
import io.federa.runs.InvalidSweepException;
import io.federa.runs.Sweep;
import io.federa.runs.SweepObjective;
import io.federa.runs.SweepRequest;
import io.federa.runs.SweepSpace;
import io.federa.runs.SweepSpec;
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

    private final Select<String> team = new Select<>();
    private final Select<String> cluster = new Select<>();
    private final TextArea script = new TextArea("Script");
    private final TextArea parameters = new TextArea("Parameters, one a line");
    private final Select<SweepSpec.Strategy> strategy = new Select<>();
    private final IntegerField samples = new IntegerField("Random trials");
    private final IntegerField seed = new IntegerField("Seed");
    private final TextField objective = new TextField("Objective metric");
    private final Select<SweepObjective.Goal> goal = new Select<>();
    private final IntegerField maxConcurrent = new IntegerField("At most at once");
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
        team.setLabel("Team");
        team.setItems(myTeams);
        team.setId("sweep-team");
        if (!myTeams.isEmpty()) {
            team.setValue(myTeams.getFirst());
        }
        List<String> clusters = registry.overview().stream()
                .filter(ClusterOverview::enabled)
                .map(ClusterOverview::name)
                .sorted()
                .toList();
        cluster.setLabel("Cluster");
        cluster.setItems(clusters);
        cluster.setId("sweep-cluster");
        if (!clusters.isEmpty()) {
            cluster.setValue(clusters.getFirst());
        }
        script.setValue(EXAMPLE_SCRIPT);
        script.setId("sweep-script");
        script.setWidthFull();
        parameters.setValue("lr = 0.001, 0.01, 0.1\nepochs = 1..2\n");
        parameters.setId("sweep-parameters");
        parameters.setWidthFull();
        strategy.setLabel("Search");
        strategy.setItems(SweepSpec.Strategy.values());
        strategy.setItemLabelGenerator(s -> s == SweepSpec.Strategy.GRID ? "Grid (every combination)" : "Random");
        strategy.setValue(SweepSpec.Strategy.GRID);
        strategy.setId("sweep-strategy");
        samples.setValue(10);
        samples.setId("sweep-samples");
        seed.setValue(1);
        seed.setId("sweep-seed");
        samples.setEnabled(false);
        seed.setEnabled(false);
        strategy.addValueChangeListener(e -> {
            boolean random = e.getValue() == SweepSpec.Strategy.RANDOM;
            samples.setEnabled(random);
            seed.setEnabled(random);
        });
        objective.setValue("loss");
        objective.setId("sweep-objective");
        goal.setLabel("Best is");
        goal.setItems(SweepObjective.Goal.values());
        goal.setItemLabelGenerator(g -> g == SweepObjective.Goal.MINIMIZE ? "lowest (min)" : "highest (max)");
        goal.setValue(SweepObjective.Goal.MINIMIZE);
        goal.setId("sweep-goal");
        maxConcurrent.setValue(4);
        maxConcurrent.setMin(1);
        maxConcurrent.setId("sweep-max-concurrent");

        var form = new FormLayout(team, cluster, strategy, samples, seed, objective, goal, maxConcurrent);
        add(form, parameters, script);
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
                Sweep sweep = sweeps.submit(user, request(sweeps, user));
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

    private SweepRequest request(Sweeps sweeps, CurrentUser user) {
        if (team.getValue() == null || cluster.getValue() == null) {
            throw new InvalidSweepException("Choose a team and a cluster.");
        }
        // nobody outside the team makes the portal parse their text
        sweeps.requireSubmitter(user, team.getValue());
        SweepSpec spec = SweepSpace.spec(
                parameters.getValue(),
                strategy.getValue(),
                samples.getValue() == null ? 0 : samples.getValue(),
                seed.getValue() == null ? 0 : seed.getValue());
        return SweepRequest.of(
                team.getValue(),
                cluster.getValue(),
                script.getValue(),
                spec,
                objective.getValue(),
                goal.getValue(),
                maxConcurrent.getValue());
    }

    private void showProblems(List<String> list) {
        var ul = new UnorderedList();
        list.forEach(p -> ul.add(new ListItem(p)));
        problems.add(new Paragraph("The sweep was not started:"), ul);
    }
}
