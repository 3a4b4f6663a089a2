package io.federa.access;

import java.util.List;

/**
 * @param adopted what was stored, in words
 * @param refused what was refused, each with its reason
 */
public record AdoptResult(List<String> adopted, List<String> refused) {

    public AdoptResult {
        adopted = List.copyOf(adopted);
        refused = List.copyOf(refused);
    }
}
