package io.federa.clusters.internal.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SlurmFormatsTest {

    @Test
    void expands_output_path_patterns_for_display() {
        assertThat(SlurmFormats.outputPath("/jobs/c1-%j.out", "/tmp", 42, null, null, "alice", "train"))
                .isEqualTo("/jobs/c1-42.out");
        assertThat(SlurmFormats.outputPath("out/%x-%u-%A_%a.log", "/home/alice/", 43, 40L, 3, "alice", "train"))
                .isEqualTo("/home/alice/out/train-alice-40_3.log");
        assertThat(SlurmFormats.outputPath("", "/tmp", 44, null, null, "alice", "t"))
                .isEqualTo("/tmp/slurm-44.out");
        assertThat(SlurmFormats.outputPath("/x/100%%-%j", "/tmp", 5, null, null, "a", "t"))
                .isEqualTo("/x/100%-5");
    }

    @Test
    void a_working_directory_any_cluster_user_wrote_with_a_long_run_of_slashes_costs_linear_time() {
        // a job's --chdir reaches the mirror from every user of the cluster
        String crafted = "/tmp" + "/".repeat(50_000) + "x";

        String path = assertTimeoutPreemptively(
                Duration.ofSeconds(2), () -> SlurmFormats.outputPath("o.out", crafted, 7, null, null, "a", "t"));

        assertThat(path).isEqualTo(crafted + "/o.out");
        assertThat(SlurmFormats.outputPath("o.out", "/tmp" + "/".repeat(50_000), 7, null, null, "a", "t"))
                .isEqualTo("/tmp/o.out");
    }

    @Test
    void counts_gpus_in_gres() {
        assertThat(SlurmFormats.gpus("gpu:a100:4,gpu:2(S:0-1)")).isEqualTo(6);
        assertThat(SlurmFormats.gpus("gpu:8")).isEqualTo(8);
        assertThat(SlurmFormats.gpus("")).isZero();
        assertThat(SlurmFormats.gpus("mps:100")).isZero();
        // gres_used as slurmrestd reports it (recorded on 22.05, 24.11 and 26.05)
        assertThat(SlurmFormats.gpus("gpu:a100:0(IDX:N/A)")).isZero();
        assertThat(SlurmFormats.gpus("gpu:l40s:2(IDX:0-1)")).isEqualTo(2);
        assertThat(SlurmFormats.gpus("gpu:a100:2(IDX:0,3)")).isEqualTo(2);
    }

    @Test
    void names_the_gpu_models_of_a_gres() {
        assertThat(SlurmFormats.gpuModels("gpu:a100:2")).isEqualTo("a100");
        assertThat(SlurmFormats.gpuModels("gpu:a100:4,gpu:h100:2(S:0-1),gpu:a100:1"))
                .isEqualTo("a100, h100");
        assertThat(SlurmFormats.gpuModels("gpu:8")).isEmpty();
        assertThat(SlurmFormats.gpuModels("")).isEmpty();
    }

    @Test
    void counts_gpus_in_tres() {
        assertThat(SlurmFormats.gpusInTres("cpu=2,mem=1G,node=1,billing=2,gres/gpu=1"))
                .isEqualTo(1);
        // typed GPUs are listed twice: the untyped total counts, not the sum
        assertThat(SlurmFormats.gpusInTres("cpu=8,gres/gpu=4,gres/gpu:a100=4,node=1"))
                .isEqualTo(4);
        assertThat(SlurmFormats.gpusInTres("cpu=8,gres/gpu:a100=2,gres/gpu:v100=1"))
                .isEqualTo(3);
        assertThat(SlurmFormats.gpusInTres("cpu=1,mem=2000M,node=1,billing=1")).isZero();
        assertThat(SlurmFormats.gpusInTres("cpu=1,gres/gpumem=4G,gres/mps=100")).isZero();
        assertThat(SlurmFormats.gpusInTres("")).isZero();
        assertThat(SlurmFormats.gpusInTres(null)).isZero();
    }

    @Test
    void decodes_wait_status_like_a_shell() {
        assertThat(SlurmFormats.exitStatus(0)).isZero();
        assertThat(SlurmFormats.exitStatus(768)).isEqualTo(3);
        assertThat(SlurmFormats.exitStatus(15)).isEqualTo(143);
    }
}
