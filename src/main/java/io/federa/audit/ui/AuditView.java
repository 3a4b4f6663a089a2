package io.federa.audit.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.federa.audit.AuditLog;
import io.federa.audit.AuditVerification;
import io.federa.shared.Roles;
import jakarta.annotation.security.RolesAllowed;
import java.time.LocalDate;
import org.jspecify.annotations.Nullable;

/**
 * Admin › Audit log: every entry, with filters and the detail of an entry; verify the chain, export a
 * period. Team admins have the same grid over their teams' entries at {@code /audit} ({@link
 * TeamAuditView}).
 */
@Route("admin/audit")
@PageTitle("Audit log · Federa")
@Menu(title = "Audit log", order = 130, icon = "vaadin:records")
@RolesAllowed(Roles.PORTAL_ADMIN)
class AuditView extends VerticalLayout {

    AuditView(AuditLog log) {
        addClassName("federa-page");
        setSizeFull();
        add(new H2("Audit log"));
        add(new Paragraph("Every change made through the portal, newest first: who (and on whose behalf), from "
                + "where, what, the outcome, and the state before and after (secrets are never recorded). Each "
                + "entry carries the hash of the one before it, so a changed or removed entry shows when the "
                + "chain is verified."));
        var panel = new AuditPanel(log);

        var result = new Span();
        result.setId("audit-verify-result");
        var verify = new Button("Verify the chain", e -> show(result, log.verify()));
        verify.setId("audit-verify");
        var csv = new Anchor("", "Export CSV");
        var jsonl = new Anchor("", "Export JSON Lines");
        csv.setId("audit-export-csv");
        jsonl.setId("audit-export-jsonl");
        for (Anchor a : java.util.List.of(csv, jsonl)) {
            a.getElement().setAttribute("router-ignore", true);
        }
        Runnable links = () -> {
            csv.setHref(exportHref("csv", panel.fromDate(), panel.toDate()));
            jsonl.setHref(exportHref("jsonl", panel.fromDate(), panel.toDate()));
        };
        links.run();
        panel.addAttachListener(e -> links.run());
        var actions = new HorizontalLayout(verify, result, csv, jsonl);
        actions.setDefaultVerticalComponentAlignment(Alignment.CENTER);
        add(actions, panel);
        setFlexGrow(1, panel);
        // the export links follow the period filter
        panel.getElement().addEventListener("change", e -> links.run());
    }

    static String exportHref(String format, @Nullable LocalDate from, @Nullable LocalDate to) {
        var href = new StringBuilder("/api/audit/export?format=").append(format);
        if (from != null) {
            href.append("&from=").append(from).append("T00:00:00Z");
        }
        if (to != null) {
            href.append("&to=").append(to.plusDays(1)).append("T00:00:00Z");
        }
        return href.toString();
    }

    private static void show(Span result, AuditVerification v) {
        result.setText(
                v.intact()
                        ? "Intact: " + v.checked() + " entries checked in "
                                + v.took().toMillis() + " ms"
                                + (v.anchorSeq() == null
                                        ? ""
                                        : " (kept chain starts after entry " + v.anchorSeq() + ")")
                        : "BROKEN at entry " + v.firstBadSeq() + ": " + v.problem());
        result.getElement().setAttribute("data-intact", String.valueOf(v.intact()));
        result.getElement()
                .setAttribute(
                        "data-first-bad",
                        v.firstBadSeq() == null ? "" : v.firstBadSeq().toString());
    }
}
