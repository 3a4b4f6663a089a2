package io.federa.audit.internal;

import io.federa.audit.AuditEntry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * The chain's rules: an entry's canonical form is a JSON array of its fields in a fixed order (maps
 * with sorted keys, instants in ISO-8601 UTC with microseconds), and its hash is the hex SHA-256 of
 * the previous entry's hash, a line feed and that form. The first entry's previous hash is 64 zeros
 * (or, after retention, the anchor's hash). See docs/adr/0019-audit-log.md.
 */
final class AuditChain {

    static final String GENESIS = "0".repeat(64);
    /** Serializes appends (and retention) across every connection: pg_advisory_xact_lock key. */
    static final long LOCK = 70418160L;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_INSTANT;

    private AuditChain() {}

    static String hash(String prevHash, AuditEntry e) {
        return sha256(prevHash + "\n" + canonical(e));
    }

    static String canonical(AuditEntry e) {
        List<@Nullable Object> fields = new ArrayList<>();
        fields.add(e.seq());
        fields.add(e.eventId().toString());
        fields.add(time(e.occurredAt()));
        fields.add(time(e.recordedAt()));
        fields.add(e.actor().kind().name());
        fields.add(e.actor().name());
        fields.add(e.actor().onBehalfOf());
        fields.add(e.actor().clientAddress());
        fields.add(e.actor().userAgent());
        fields.add(e.action());
        fields.add(e.resourceType());
        fields.add(e.resourceId());
        fields.add(e.team());
        fields.add(e.outcome().name());
        fields.add(e.reason());
        fields.add(new TreeMap<>(e.before()));
        fields.add(new TreeMap<>(e.after()));
        return JSON.writeValueAsString(fields);
    }

    static String json(Map<String, String> values) {
        return JSON.writeValueAsString(new TreeMap<>(values));
    }

    @SuppressWarnings("unchecked")
    static Map<String, String> map(String json) {
        return new TreeMap<>(JSON.readValue(json, Map.class));
    }

    private static String time(Instant t) {
        return ISO.format(t);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
