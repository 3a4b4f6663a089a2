package io.federa.audit.ui;

import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.AccessDeniedException;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.federa.audit.AuditLog;
import jakarta.annotation.security.PermitAll;

/**
 * A team admin's audit log: the entries of the teams they administer (the audit module asks tenancy
 * through {@link io.federa.shared.TeamAdministration}); linked from "My teams". Anyone who administers
 * no team (and is no portal admin) is refused with 403 ({@link TeamAuditPageFilter} on a page load).
 */
@Route("audit")
@PageTitle("Team audit log · Federa")
@PermitAll
class TeamAuditView extends VerticalLayout implements BeforeEnterObserver {

    private final AuditLog log;

    TeamAuditView(AuditLog log) {
        this.log = log;
        addClassName("federa-page");
        setSizeFull();
        add(new H2("Audit log of my teams"));
        add(new Paragraph("Changes to the teams you administer, newest first."));
        var panel = new AuditPanel(log);
        add(panel);
        setFlexGrow(1, panel);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        if (!log.mayRead()) {
            event.rerouteToError(AccessDeniedException.class);
        }
    }
}
