package io.federa.audit.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.federa.audit.AuditEntry;
import io.federa.shared.Actor;
import io.federa.shared.AuditRecord.Outcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class KeysetPagesTest {

    /** 250 entries, seq 250 down to 1; records each page request. */
    final List<String> asked = new ArrayList<>();

    List<AuditEntry> source(Long before, int limit) {
        asked.add(before + "/" + limit);
        long from = before == null ? 250 : before - 1;
        return LongStream.iterate(from, s -> s >= 1 && s > from - limit, s -> s - 1)
                .mapToObj(KeysetPagesTest::entry)
                .toList();
    }

    static AuditEntry entry(long seq) {
        return new AuditEntry(
                seq,
                UUID.randomUUID(),
                Instant.EPOCH,
                Instant.EPOCH,
                Actor.system(),
                "a.b",
                "t",
                "i",
                null,
                Outcome.SUCCESS,
                null,
                Map.of(),
                Map.of(),
                "",
                "");
    }

    @Test
    void the_grids_offsets_become_keyset_pages_that_start_after_the_last_seq_seen() {
        var pages = new AuditPanel.KeysetPages(this::source);
        assertThat(pages.fetch(0, 50).map(AuditEntry::seq)).startsWith(250L).hasSize(50);
        assertThat(pages.fetch(150, 100).map(AuditEntry::seq).toList())
                .hasSize(100)
                .startsWith(100L)
                .endsWith(1L);
        assertThat(pages.fetch(250, 50)).isEmpty();
        // page 0, then pages 1 and 2 from the boundaries 151 and 51; never an offset
        assertThat(asked).containsExactly("null/100", "151/100", "51/100");
    }
}
