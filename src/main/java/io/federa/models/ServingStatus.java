package io.federa.models;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the InferenceService's status says, from the portal's watch mirror.
 *
 * @param found whether the mirror has the object at all
 * @param url {@code status.url}, once the controller wrote it
 * @param problem the first failing condition's reason and message in plain words, if any
 * @param traffic "v2 10 %, v1 90 %"-style summary of {@code status.components.predictor.traffic}
 */
public record ServingStatus(
        boolean found,
        boolean ready,
        boolean predictorReady,
        @Nullable String url,
        @Nullable String problem,
        List<String> traffic) {

    public static final ServingStatus NONE = new ServingStatus(false, false, false, null, null, List.of());

    public ServingStatus {
        traffic = List.copyOf(traffic);
    }
}
