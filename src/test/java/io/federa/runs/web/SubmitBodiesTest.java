package io.federa.runs.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.federa.quota.InUse;
import io.federa.quota.TeamQuota;
import io.federa.submission.ClusterVerdict;
import io.federa.submission.RouteDecision;
import io.federa.submission.RunPlan;
import io.federa.submission.RunResources;
import io.federa.submission.ScriptDirectives;
import io.federa.templates.RunTemplate;
import io.federa.templates.TemplateParam;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The check and templates endpoints answer bodies of their own with the JSON the domain records gave
 * before: every field, nested ones included, under the same names with the same values.
 */
class SubmitBodiesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void a_plan_with_directives_resources_and_routing_has_the_json_of_the_record() {
        var directives = ScriptDirectives.parse(
                "#!/bin/bash\n#SBATCH -n 2\n#SBATCH -c 4\n#SBATCH -t 1:30:00\n#SBATCH --gpus=1\n#SBATCH --exclusive\n");
        var resources = new RunResources(2, 4, null, 1, null, "debug", 90, "train", "/tmp/%j.out", "/home/alice", true);
        var routing = new RouteDecision(
                "c1",
                "c1 has the most idle CPUs.",
                List.of(
                        new ClusterVerdict(
                                "c1",
                                true,
                                true,
                                "eligible",
                                List.of(),
                                "debug",
                                TeamQuota.concurrent("team-a", "c1", 8, null, 4),
                                new InUse(2, 0, 1),
                                3,
                                12),
                        new ClusterVerdict(
                                "c2",
                                false,
                                false,
                                "excluded",
                                List.of("You have no Slurm user here."),
                                null,
                                null,
                                InUse.NOTHING,
                                0,
                                0)));
        var plan =
                new RunPlan(directives, resources, List.of("a note"), List.of(), "#!/bin/bash\ntrue\n", "c1", routing);

        assertThat(JSON.writeValueAsString(SubmitBodies.PlanBody.of(plan))).isEqualTo(JSON.writeValueAsString(plan));
        var refused = new RunPlan(ScriptDirectives.parse("echo no shebang"), null, List.of(), List.of("bad"));
        assertThat(JSON.writeValueAsString(SubmitBodies.PlanBody.of(refused)))
                .isEqualTo(JSON.writeValueAsString(refused));
    }

    @Test
    void a_template_has_the_json_of_the_record() {
        var template = new RunTemplate(
                "train",
                "Train",
                "One node.",
                "#!/bin/bash\necho {{lr}} {{opt}}\n",
                List.of(
                        new TemplateParam("lr", "LR", TemplateParam.Type.FLOAT, "0.1", 0.0, 1.0, true, List.of(), "h"),
                        new TemplateParam(
                                "opt",
                                "Opt",
                                TemplateParam.Type.CHOICE,
                                null,
                                null,
                                null,
                                false,
                                List.of("a", "b"),
                                "")),
                Instant.parse("2026-12-03T17:00:00Z"),
                "carol");
        assertThat(JSON.writeValueAsString(SubmitBodies.TemplateBody.of(template)))
                .isEqualTo(JSON.writeValueAsString(template));
    }
}
