package io.federa.audit.internal;

import io.federa.audit.AuditEntry;
import java.util.Map;

/** The chain's rules for the benchmark, which seeds a valid chain straight into the table. */
public final class ChainForBench {

    private ChainForBench() {}

    public static String hash(String prevHash, AuditEntry entry) {
        return AuditChain.hash(prevHash, entry);
    }

    public static String json(Map<String, String> values) {
        return AuditChain.json(values);
    }
}
