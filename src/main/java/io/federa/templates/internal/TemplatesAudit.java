package io.federa.templates.internal;

import io.federa.identity.CurrentUser;
import io.federa.shared.AuditEvents;
import io.federa.shared.AuditRecord;
import io.federa.templates.RunTemplate;
import io.federa.templates.RunTemplateChanged;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/** The audit events of run templates (ADR 19), published inside the transaction that stores the change. */
@Component
class TemplatesAudit {

    private final ApplicationEventPublisher events;
    private final AuditEvents audit;

    TemplatesAudit(ApplicationEventPublisher events, AuditEvents audit) {
        this.events = events;
        this.audit = audit;
    }

    void templateSaved(CurrentUser admin, @Nullable RunTemplate before, RunTemplate after) {
        events.publishEvent(new RunTemplateChanged(record(admin, "template.saved", after.id())
                .before(before == null ? Map.of() : summary(before))
                .after(summary(after))));
    }

    void templateDeleted(RunTemplate before) {
        events.publishEvent(new RunTemplateChanged(
                record(null, "template.deleted", before.id()).before(summary(before))));
    }

    private AuditRecord record(@Nullable CurrentUser user, String action, String id) {
        return audit.recordFor(user == null ? null : user.username(), action, "run-template", id);
    }

    private static Map<String, String> summary(RunTemplate t) {
        var out = new LinkedHashMap<String, String>();
        out.put("name", t.name());
        out.put("description", t.description());
        out.put("scriptSha256", sha256(t.script()));
        out.put(
                "parameters",
                String.join(",", t.params().stream().map(p -> p.name()).toList()));
        return out;
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
