package io.federa.audit;

import io.federa.shared.Roles;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.security.access.prepost.PreAuthorize;

/**
 * Reading, verifying, exporting and trimming the audit log. Portal admins see every entry; a team
 * admin sees the entries of the teams they administer (and nothing else); anyone else sees nothing.
 * Entries are written only by the module's own listener, never through this interface.
 */
public interface AuditLog {

    String ADMIN = "hasRole('" + Roles.PORTAL_ADMIN + "')";

    /** May the current user read the audit log at all (portal admin, or admin of a team)? */
    boolean mayRead();

    /** May the current user read every entry, verify, export and purge (a portal admin)? */
    boolean mayReadAll();

    /**
     * Entries matching {@code query} that the current user may see, newest first, at most {@code
     * limit}, older than {@code beforeSeq} when given (keyset paging: pass the last seq of a page).
     */
    List<AuditEntry> page(AuditQuery query, @Nullable Long beforeSeq, int limit);

    /** One entry, if the current user may see it. */
    Optional<AuditEntry> find(long seq);

    /** Walks the whole kept chain and names the first entry that does not match. */
    @PreAuthorize(ADMIN)
    AuditVerification verify();

    /** Writes the entries of {@code query} (typically a period), oldest first, as CSV or JSON Lines. */
    @PreAuthorize(ADMIN)
    long export(AuditQuery query, ExportFormat format, OutputStream out) throws IOException;

    /**
     * Removes the entries recorded before {@code keepFrom} (never the newest), after recording where
     * the kept chain now starts; the purge itself is audited.
     */
    @PreAuthorize(ADMIN)
    Purge purgeBefore(Instant keepFrom);

    enum ExportFormat {
        CSV,
        JSONL
    }

    /** @param anchorSeq the last removed entry, whose hash the kept chain now starts from; null if none */
    record Purge(
            long deleted,
            @Nullable Long anchorSeq,
            @Nullable String anchorHash) {}
}
