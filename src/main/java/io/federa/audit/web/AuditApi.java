package io.federa.audit.web;

import io.federa.audit.AuditEntry;
import io.federa.audit.AuditLog;
import io.federa.audit.AuditLog.ExportFormat;
import io.federa.audit.AuditQuery;
import io.federa.audit.AuditVerification;
import io.federa.shared.AuditRecord.Outcome;
import io.federa.shared.NotAllowedException;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * The audit log over REST: search (portal admins everything, team admins their teams), one entry,
 * verify, export by period and retention (portal admins). Times are ISO-8601 instants.
 */
@RestController
@RequestMapping("/api/audit")
class AuditApi {

    /** An entry as the API shows it. */
    record Entry(
            long seq,
            UUID eventId,
            Instant occurredAt,
            Instant recordedAt,
            String actorKind,
            String actor,
            @Nullable String onBehalfOf,
            @Nullable String clientAddress,
            @Nullable String userAgent,
            String action,
            String resourceType,
            String resourceId,
            @Nullable String team,
            Outcome outcome,
            @Nullable String reason,
            Map<String, String> before,
            Map<String, String> after,
            String prevHash,
            String hash) {

        static Entry of(AuditEntry e) {
            return new Entry(
                    e.seq(),
                    e.eventId(),
                    e.occurredAt(),
                    e.recordedAt(),
                    e.actor().kind().name(),
                    e.actor().name(),
                    e.actor().onBehalfOf(),
                    e.actor().clientAddress(),
                    e.actor().userAgent(),
                    e.action(),
                    e.resourceType(),
                    e.resourceId(),
                    e.team(),
                    e.outcome(),
                    e.reason(),
                    e.before(),
                    e.after(),
                    e.prevHash(),
                    e.hash());
        }
    }

    /** A page, newest first; {@code next} is the {@code before} of the following page (null at the end). */
    record Page(List<Entry> entries, @Nullable Long next) {}

    record PurgeResult(
            long deleted,
            @Nullable Long anchorSeq,
            @Nullable String anchorHash) {}

    private final AuditLog log;

    AuditApi(AuditLog log) {
        this.log = log;
    }

    @GetMapping
    @Operation(summary = "Search the audit log, newest first (keyset paging with 'before')")
    Page search(
            @RequestParam(required = false) @Nullable String actor,
            @RequestParam(required = false) @Nullable String team,
            @RequestParam(required = false) @Nullable String action,
            @RequestParam(required = false) @Nullable String resourceType,
            @RequestParam(required = false) @Nullable String resourceId,
            @RequestParam(required = false) @Nullable Outcome outcome,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) @Nullable Instant from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) @Nullable Instant to,
            @RequestParam(required = false) @Nullable Long before,
            @RequestParam(defaultValue = "50") int limit) {
        requireReader();
        int size = Math.clamp(limit, 1, 1000);
        List<Entry> entries = log
                .page(new AuditQuery(actor, team, action, resourceType, resourceId, outcome, from, to), before, size)
                .stream()
                .map(Entry::of)
                .toList();
        return new Page(
                entries, entries.size() < size ? null : entries.getLast().seq());
    }

    @GetMapping("/{seq}")
    @Operation(summary = "One audit entry")
    ResponseEntity<Entry> one(@PathVariable long seq) {
        requireReader();
        return ResponseEntity.of(log.find(seq).map(Entry::of));
    }

    @GetMapping("/verify")
    @Operation(summary = "Walk the hash chain; names the first entry that does not match (portal admins)")
    AuditVerification verify() {
        return log.verify();
    }

    @GetMapping("/export")
    @Operation(summary = "Export a period as CSV or JSON Lines, oldest first (portal admins)")
    ResponseEntity<StreamingResponseBody> export(
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) @Nullable Instant from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) @Nullable Instant to,
            @RequestParam(defaultValue = "jsonl") String format) {
        ExportFormat f = switch (format.toLowerCase(Locale.ROOT)) {
            case "csv" -> ExportFormat.CSV;
            case "jsonl", "json-lines", "ndjson" -> ExportFormat.JSONL;
            default -> throw new BadExportFormatException();
        };
        // checked now, before the response starts streaming
        if (!log.mayReadAll()) {
            throw new NotAllowedException("Exports of the audit log are for portal admins.");
        }
        AuditQuery period = AuditQuery.period(from, to);
        StreamingResponseBody body = out -> log.export(period, f, out);
        return ResponseEntity.ok()
                .contentType(
                        f == ExportFormat.CSV
                                ? new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8)
                                : new MediaType("application", "jsonl", java.nio.charset.StandardCharsets.UTF_8))
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        "attachment; filename=\"audit." + (f == ExportFormat.CSV ? "csv" : "jsonl") + "\"")
                .body(body);
    }

    @PostMapping("/retention")
    @Operation(summary = "Remove entries recorded before 'before', after recording an anchor (portal admins)")
    PurgeResult purge(@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant before) {
        var purge = log.purgeBefore(before);
        return new PurgeResult(purge.deleted(), purge.anchorSeq(), purge.anchorHash());
    }

    private void requireReader() {
        if (!log.mayRead()) {
            throw new NotAllowedException("The audit log is for portal admins and team admins.");
        }
    }

    static final class BadExportFormatException extends io.federa.shared.UserFacingException {
        BadExportFormatException() {
            super("The export format is csv or jsonl.");
        }
    }
}
