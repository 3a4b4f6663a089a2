package io.federa.demo;

import io.federa.identity.CurrentUser;
import io.federa.shared.Roles;
import io.federa.shared.SystemTasks;
import io.federa.templates.RunTemplate;
import io.federa.templates.RunTemplates;
import io.federa.templates.TemplateParam;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Demo only (with {@code federa.demo.slurm-env}, like {@link DemoStackSeeder}): seeds the run
 * template "GPU check", whose typed parameter {@code gpus} becomes the job's {@code --gres=gpu:N},
 * so the demo people can send a GPU run to "any eligible cluster" and see it land where GPUs are
 * (c1, c3, c4; never c2). Left alone when it exists: an admin may have changed it.
 */
@Component
class DemoGpuTemplate {

    private static final Logger log = LoggerFactory.getLogger(DemoGpuTemplate.class);

    static final String ID = "gpu-check";

    static final String SCRIPT = """
            #!/bin/bash
            #SBATCH --job-name=gpu-check
            #SBATCH --gres=gpu:{{gpus}}
            #SBATCH --time=5
            # Reports which GPUs Slurm gave the job, then holds them for a while.
            set -euo pipefail
            work=$(mktemp -d)
            trap 'rm -rf "$work"' EXIT
            cd "$work"
            curl -fsS "$FEDERA_URL/api/runs/helper/federa.py" -o federa.py
            echo "GPUs of job $SLURM_JOB_ID: ${SLURM_JOB_GPUS:-none} (CUDA_VISIBLE_DEVICES=${CUDA_VISIBLE_DEVICES:-})"
            python3 federa.py log "GPUs: ${SLURM_JOB_GPUS:-none} on $(hostname)"
            sleep {{seconds}}
            """;

    private final RunTemplates templates;
    private final boolean demo;

    DemoGpuTemplate(RunTemplates templates, DemoProperties props) {
        this.templates = templates;
        this.demo = !props.slurmEnv().isBlank();
    }

    static RunTemplate template() {
        return new RunTemplate(
                ID,
                "GPU check",
                "Asks Slurm for GPUs, logs which ones the job got, and holds them for a few seconds. Needs only"
                        + " python3 and curl on the cluster; runs where a partition has GPUs.",
                SCRIPT,
                List.of(
                        new TemplateParam(
                                "gpus",
                                "GPUs",
                                TemplateParam.Type.INT,
                                "1",
                                1.0,
                                8.0,
                                true,
                                List.of(),
                                "GPUs on the one node (sent as --gres=gpu:N)."),
                        new TemplateParam(
                                "seconds",
                                "Seconds to hold them",
                                TemplateParam.Type.INT,
                                "10",
                                0.0,
                                240.0,
                                true,
                                List.of(),
                                "")),
                null,
                null);
    }

    @EventListener(ApplicationReadyEvent.class)
    void seed() {
        if (!demo) {
            return;
        }
        SystemTasks.runAsSystem(() -> {
            CurrentUser system = CurrentUser.of(
                    SystemTasks.SYSTEM_USER,
                    SystemTasks.SYSTEM_USER,
                    "Federa",
                    "",
                    Set.of(Roles.PORTAL_ADMIN),
                    Set.of());
            if (templates.find(system, ID).isEmpty()) {
                templates.save(system, template());
                log.info("demo: seeded the run template \"GPU check\" ({})", ID);
            }
            return null;
        });
    }
}
