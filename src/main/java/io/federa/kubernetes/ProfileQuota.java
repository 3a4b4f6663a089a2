package io.federa.kubernetes;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A team's resource quota on a Kubernetes cluster, as its Profile's {@code resourceQuotaSpec.hard}.
 * A null field means no limit. {@code cpu} and {@code memory} are Kubernetes quantities as the admin
 * entered them ({@code 8}, {@code 500m}, {@code 16Gi}); the API server validates them.
 */
public record ProfileQuota(
        @Nullable String cpu,
        @Nullable String memory,
        @Nullable Integer gpus,
        @Nullable Integer pods) {

    public static final String CPU = "cpu";
    public static final String MEMORY = "memory";
    public static final String GPUS = "requests.nvidia.com/gpu";
    public static final String PODS = "pods";

    public static final ProfileQuota NONE = new ProfileQuota(null, null, null, null);

    /** The {@code resourceQuotaSpec.hard} entries, in a stable order. */
    public Map<String, String> hard() {
        var hard = new LinkedHashMap<String, String>();
        if (cpu != null) {
            hard.put(CPU, cpu);
        }
        if (memory != null) {
            hard.put(MEMORY, memory);
        }
        if (gpus != null) {
            hard.put(GPUS, gpus.toString());
        }
        if (pods != null) {
            hard.put(PODS, pods.toString());
        }
        return hard;
    }

    /** In words for pages: "cpu 8 · memory 16Gi · GPUs 1 · pods 20", or "no limits". */
    public String describe() {
        var parts = new java.util.ArrayList<String>();
        if (cpu != null) {
            parts.add("cpu " + cpu);
        }
        if (memory != null) {
            parts.add("memory " + memory);
        }
        if (gpus != null) {
            parts.add("GPUs " + gpus);
        }
        if (pods != null) {
            parts.add("pods " + pods);
        }
        return parts.isEmpty() ? "no limits" : String.join(" · ", parts);
    }
}
