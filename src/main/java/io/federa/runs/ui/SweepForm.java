package io.federa.runs.ui;

import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.binder.Binder;
import com.vaadin.flow.data.binder.BinderValidationStatus;
import com.vaadin.flow.data.binder.ValidationResult;
import io.federa.runs.InvalidSweepException;
import io.federa.runs.SweepObjective;
import io.federa.runs.SweepRequest;
import io.federa.runs.SweepSpace;
import io.federa.runs.SweepSpec;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The new-sweep form: its fields bound with a {@link Binder} to {@link Values}, the checks the form makes
 * before anything is sent (a team and a cluster chosen, an objective named, at least one trial at a time,
 * random search with at least one trial), and the {@link SweepRequest} it makes. No Spring, no browser:
 * {@code SweepFormTest} drives it as the page does.
 */
final class SweepForm {

    /** What the form holds. */
    static final class Values {
        @Nullable
        String team;

        @Nullable
        String cluster;

        String script = "";
        String parameters = "";
        SweepSpec.Strategy strategy = SweepSpec.Strategy.GRID;

        @Nullable
        Integer samples = 10;

        @Nullable
        Integer seed = 1;

        String objective = "loss";
        SweepObjective.Goal goal = SweepObjective.Goal.MINIMIZE;

        @Nullable
        Integer maxConcurrent = 4;
    }

    final Select<String> team = new Select<>();
    final Select<String> cluster = new Select<>();
    final TextArea script = new TextArea("Script");
    final TextArea parameters = new TextArea("Parameters, one a line");
    final Select<SweepSpec.Strategy> strategy = new Select<>();
    final IntegerField samples = new IntegerField("Random trials");
    final IntegerField seed = new IntegerField("Seed");
    final TextField objective = new TextField("Objective metric");
    final Select<SweepObjective.Goal> goal = new Select<>();
    final IntegerField maxConcurrent = new IntegerField("At most at once");

    private final Binder<Values> binder = new Binder<>();
    private final Values values = new Values();

    SweepForm(List<String> teams, List<String> clusters) {
        team.setLabel("Team");
        team.setItems(teams);
        cluster.setLabel("Cluster");
        cluster.setItems(clusters);
        strategy.setLabel("Search");
        strategy.setItems(SweepSpec.Strategy.values());
        strategy.setItemLabelGenerator(s -> s == SweepSpec.Strategy.GRID ? "Grid (every combination)" : "Random");
        goal.setLabel("Best is");
        goal.setItems(SweepObjective.Goal.values());
        goal.setItemLabelGenerator(g -> g == SweepObjective.Goal.MINIMIZE ? "lowest (min)" : "highest (max)");

        binder.forField(team).asRequired("Choose a team.").bind(v -> v.team, (v, x) -> v.team = x);
        binder.forField(cluster).asRequired("Choose a cluster.").bind(v -> v.cluster, (v, x) -> v.cluster = x);
        binder.forField(script).bind(v -> v.script, (v, x) -> v.script = x == null ? "" : x);
        binder.forField(parameters).bind(v -> v.parameters, (v, x) -> v.parameters = x == null ? "" : x);
        binder.forField(strategy).bind(v -> v.strategy, (v, x) -> v.strategy = x);
        binder.forField(samples)
                .withValidator((n, ctx) -> strategy.getValue() != SweepSpec.Strategy.RANDOM || (n != null && n >= 1)
                        ? ValidationResult.ok()
                        : ValidationResult.error("A random search needs at least one trial."))
                .bind(v -> v.samples, (v, x) -> v.samples = x);
        binder.forField(seed).bind(v -> v.seed, (v, x) -> v.seed = x);
        binder.forField(objective)
                .asRequired("Name the objective metric, e.g. loss.")
                .bind(v -> v.objective, (v, x) -> v.objective = x == null ? "" : x.strip());
        binder.forField(goal).bind(v -> v.goal, (v, x) -> v.goal = x);
        binder.forField(maxConcurrent)
                .withValidator(n -> n == null || n >= 1, "At least one trial must be able to run at a time.")
                .bind(v -> v.maxConcurrent, (v, x) -> v.maxConcurrent = x);

        values.team = teams.isEmpty() ? null : teams.getFirst();
        values.cluster = clusters.isEmpty() ? null : clusters.getFirst();
        values.script = NewSweepView.EXAMPLE_SCRIPT;
        values.parameters = "lr = 0.001, 0.01, 0.1\nepochs = 1..2\n";
        binder.readBean(values);
        randomOnly(strategy.getValue());
        strategy.addValueChangeListener(e -> randomOnly(e.getValue()));
    }

    /** Samples and seed matter only for a random search. */
    private void randomOnly(SweepSpec.@Nullable Strategy s) {
        boolean random = s == SweepSpec.Strategy.RANDOM;
        samples.setEnabled(random);
        seed.setEnabled(random);
    }

    /** The team chosen, if the form's checks pass; else the form's problems, as the page lists them. */
    String team() {
        write();
        return values.team == null ? "" : values.team;
    }

    /**
     * The sweep the form asks for. Call it after the caller may submit for {@link #team()}: parsing the
     * parameters is work done for team members only.
     *
     * @throws InvalidSweepException with every problem of the form, or of the parameter space
     */
    SweepRequest request() {
        write();
        SweepSpec spec = SweepSpace.spec(
                values.parameters,
                values.strategy,
                values.samples == null ? 0 : values.samples,
                values.seed == null ? 0 : values.seed);
        return SweepRequest.of(
                values.team == null ? "" : values.team,
                values.cluster == null ? "" : values.cluster,
                values.script,
                spec,
                values.objective,
                values.goal,
                values.maxConcurrent);
    }

    private void write() {
        BinderValidationStatus<Values> status = binder.validate();
        if (!status.isOk()) {
            throw new InvalidSweepException(status.getValidationErrors().stream()
                    .map(ValidationResult::getErrorMessage)
                    .filter(m -> !m.isBlank())
                    .toList());
        }
        binder.writeBeanIfValid(values);
    }
}
