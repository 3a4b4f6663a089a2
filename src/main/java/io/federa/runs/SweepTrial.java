package io.federa.runs;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One point of a sweep. Its {@code index} is the Slurm array task id that runs it
 * ({@code SLURM_ARRAY_TASK_ID}); trials are numbered 0, 1, 2, … without gaps.
 *
 * @param params parameter name → value as the job sees it, in the order of the sweep's parameters
 */
public record SweepTrial(int index, Map<String, String> params) {

    public SweepTrial {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }
}
