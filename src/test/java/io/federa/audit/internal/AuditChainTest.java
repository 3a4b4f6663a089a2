package io.federa.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.federa.audit.AuditEntry;
import io.federa.audit.AuditLog;
import io.federa.shared.Actor;
import io.federa.shared.AuditRecord.Outcome;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AuditChainTest {

    static AuditEntry entry(Map<String, String> after, String actor) {
        return new AuditEntry(
                7,
                UUID.fromString("00000000-0000-0000-0000-000000000007"),
                Instant.parse("2026-12-03T10:00:00.123456Z"),
                Instant.parse("2026-12-03T10:00:01Z"),
                Actor.person(actor).from("127.0.0.1", "curl/8"),
                "quota.set",
                "team-quota",
                "team-a@c1",
                "team-a",
                Outcome.SUCCESS,
                null,
                Map.of(),
                after,
                AuditChain.GENESIS,
                "");
    }

    @Test
    void the_hash_does_not_depend_on_the_order_of_a_maps_keys_but_on_every_field() {
        var ab = new LinkedHashMap<String, String>();
        ab.put("a", "1");
        ab.put("b", "2");
        var ba = new LinkedHashMap<String, String>();
        ba.put("b", "2");
        ba.put("a", "1");
        String h = AuditChain.hash(AuditChain.GENESIS, entry(ab, "carol"));
        assertThat(AuditChain.hash(AuditChain.GENESIS, entry(ba, "carol"))).isEqualTo(h);
        assertThat(AuditChain.hash(AuditChain.GENESIS, entry(ab, "mallory"))).isNotEqualTo(h);
        assertThat(AuditChain.hash("1".repeat(64), entry(ab, "carol"))).isNotEqualTo(h);
        assertThat(h).hasSize(64).matches("[0-9a-f]+");
    }

    @Test
    void the_csv_export_quotes_commas_quotes_and_anything_a_spreadsheet_would_run_as_a_formula() throws Exception {
        var out = new ByteArrayOutputStream();
        var export = new AuditExport(AuditLog.ExportFormat.CSV, out);
        export.header();
        export.write(entry(Map.of("note", "a, \"b\""), "=cmd()"));
        export.flush();
        String csv = out.toString(StandardCharsets.UTF_8);
        assertThat(csv.lines().findFirst().orElseThrow()).startsWith("seq,eventId,occurredAt");
        assertThat(csv).contains("\"'=cmd()\"").contains("\"{\"\"note\"\":\"\"a, \\\"\"b\\\"\"\"\"}\"");
    }
}
