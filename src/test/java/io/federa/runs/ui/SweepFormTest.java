package io.federa.runs.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.federa.runs.InvalidSweepException;
import io.federa.runs.SweepObjective;
import io.federa.runs.SweepRequest;
import io.federa.runs.SweepSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The new-sweep form's checks and the request it makes, without a browser. */
class SweepFormTest {

    @Test
    void a_filled_form_makes_the_sweep_request_with_its_parameter_space() {
        var form = new SweepForm(List.of("team-a", "team-b"), List.of("c1", "c2"));
        form.team.setValue("team-b");
        form.cluster.setValue("c2");
        form.parameters.setValue("lr = 1, 2\nepochs = 1..3\n");
        form.objective.setValue(" accuracy ");
        form.goal.setValue(SweepObjective.Goal.MAXIMIZE);
        form.maxConcurrent.setValue(2);

        assertThat(form.team()).isEqualTo("team-b");
        SweepRequest request = form.request();
        assertThat(request.team()).isEqualTo("team-b");
        assertThat(request.cluster()).isEqualTo("c2");
        assertThat(request.objectiveMetric()).isEqualTo("accuracy");
        assertThat(request.goal()).isEqualTo(SweepObjective.Goal.MAXIMIZE);
        assertThat(request.maxConcurrent()).isEqualTo(2);
        assertThat(request.spec().strategy()).isEqualTo(SweepSpec.Strategy.GRID);
        assertThat(request.spec().parameters()).hasSize(2);
    }

    @Test
    void the_form_starts_with_the_first_team_and_cluster_and_a_grid_search_without_samples_or_seed() {
        var form = new SweepForm(List.of("team-a"), List.of("c1"));
        assertThat(form.team.getValue()).isEqualTo("team-a");
        assertThat(form.cluster.getValue()).isEqualTo("c1");
        assertThat(form.strategy.getValue()).isEqualTo(SweepSpec.Strategy.GRID);
        assertThat(form.samples.isEnabled()).isFalse();
        form.strategy.setValue(SweepSpec.Strategy.RANDOM);
        assertThat(form.samples.isEnabled()).isTrue();
        assertThat(form.seed.isEnabled()).isTrue();
    }

    @Test
    void every_problem_of_the_form_is_listed_and_nothing_is_asked_for() {
        var form = new SweepForm(List.of(), List.of());
        form.objective.setValue("");
        form.maxConcurrent.setValue(0);
        form.strategy.setValue(SweepSpec.Strategy.RANDOM);
        form.samples.setValue(0);

        assertThatThrownBy(form::request)
                .isInstanceOfSatisfying(
                        InvalidSweepException.class,
                        e -> assertThat(e.problems())
                                .contains(
                                        "Choose a team.",
                                        "Choose a cluster.",
                                        "Name the objective metric, e.g. loss.",
                                        "At least one trial must be able to run at a time.",
                                        "A random search needs at least one trial."));
    }

    @Test
    void a_parameter_space_that_does_not_parse_is_refused_with_its_problem() {
        var form = new SweepForm(List.of("team-a"), List.of("c1"));
        form.parameters.setValue("lr = \n");
        assertThatThrownBy(form::request).isInstanceOf(InvalidSweepException.class);
    }
}
