package io.federa.kubernetes;

import io.federa.shared.UserFacingException;
import java.util.List;

/**
 * The API server answered and refused a request: a schema violation (422, with the offending fields
 * in {@code causes}), a conflict (409), a missing resource type (404), a refusal of the portal's
 * credentials (403). The message quotes the API server.
 *
 * @see #status()
 */
public class KubernetesRejectedException extends UserFacingException {

    private final int status;
    private final List<String> causes;

    public KubernetesRejectedException(String cluster, int status, String message, List<String> causes) {
        super("Kubernetes cluster " + cluster + " refused the change (HTTP " + status + "): " + message);
        this.status = status;
        this.causes = List.copyOf(causes);
    }

    /** The HTTP status of the API server's answer. */
    public int status() {
        return status;
    }

    /** One line per offending field ("spec.resourceQuotaSpec.hard.memory: Invalid value: ..."). */
    public List<String> causes() {
        return causes;
    }
}
