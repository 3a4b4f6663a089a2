package io.federa.audit.internal;

import io.federa.audit.AuditEntry;
import io.federa.audit.AuditLog.ExportFormat;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes entries as CSV (RFC 4180, a header row, before/after as JSON in one column each) or JSON
 * Lines (one object per entry). Both keep seq, prevHash and hash, so an export can be checked on its
 * own with the chain's rules.
 */
final class AuditExport {

    static final List<String> COLUMNS = List.of(
            "seq",
            "eventId",
            "occurredAt",
            "recordedAt",
            "actorKind",
            "actor",
            "onBehalfOf",
            "clientAddress",
            "userAgent",
            "action",
            "resourceType",
            "resourceId",
            "team",
            "outcome",
            "reason",
            "before",
            "after",
            "prevHash",
            "hash");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ExportFormat format;
    private final BufferedWriter out;
    private long count;

    AuditExport(ExportFormat format, OutputStream out) {
        this.format = format;
        this.out = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
    }

    void header() throws IOException {
        if (format == ExportFormat.CSV) {
            out.write(String.join(",", COLUMNS));
            out.write("\r\n");
        }
    }

    void write(AuditEntry e) throws IOException {
        Map<String, @Nullable Object> row = new LinkedHashMap<>();
        row.put("seq", e.seq());
        row.put("eventId", e.eventId().toString());
        row.put("occurredAt", e.occurredAt().toString());
        row.put("recordedAt", e.recordedAt().toString());
        row.put("actorKind", e.actor().kind().name());
        row.put("actor", e.actor().name());
        row.put("onBehalfOf", e.actor().onBehalfOf());
        row.put("clientAddress", e.actor().clientAddress());
        row.put("userAgent", e.actor().userAgent());
        row.put("action", e.action());
        row.put("resourceType", e.resourceType());
        row.put("resourceId", e.resourceId());
        row.put("team", e.team());
        row.put("outcome", e.outcome().name());
        row.put("reason", e.reason());
        row.put("before", e.before());
        row.put("after", e.after());
        row.put("prevHash", e.prevHash());
        row.put("hash", e.hash());
        if (format == ExportFormat.JSONL) {
            out.write(JSON.writeValueAsString(row));
            out.write("\n");
        } else {
            boolean first = true;
            for (Object value : row.values()) {
                if (!first) {
                    out.write(',');
                }
                first = false;
                out.write(csv(value instanceof Map<?, ?> m ? JSON.writeValueAsString(m) : value));
            }
            out.write("\r\n");
        }
        count++;
    }

    void flush() throws IOException {
        out.flush();
    }

    long count() {
        return count;
    }

    private static String csv(@Nullable Object value) {
        if (value == null) {
            return "";
        }
        String s = value.toString();
        // a leading =, +, - or @ would be a formula to a spreadsheet: quote it so it stays text
        boolean formula = !s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0;
        if (formula || s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return "\"" + (formula ? "'" : "") + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }
}
