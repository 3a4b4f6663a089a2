package io.federa.shell;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.AccessDeniedException;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.ErrorParameter;
import com.vaadin.flow.router.HasErrorParameter;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.ParentLayout;
import io.federa.shared.AuditEvents;
import jakarta.annotation.security.PermitAll;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Shown, with HTTP 403, when a logged-in user opens a page their roles do not allow. It says so in
 * plain words and never shows internals.
 */
@PageTitle("Not allowed · Federa")
@ParentLayout(MainLayout.class)
@PermitAll
public class NotAllowedView extends VerticalLayout implements HasErrorParameter<AccessDeniedException> {

    private final AuditEvents audit;

    NotAllowedView(AuditEvents audit) {
        this.audit = audit;
    }

    @Override
    public int setErrorParameter(BeforeEnterEvent event, ErrorParameter<AccessDeniedException> parameter) {
        audit.refused("GET /" + event.getLocation().getPath(), "the page needs a role the user does not have");
        removeAll();
        addClassName("federa-page");
        setId("not-allowed");
        add(new H2("Not allowed"));
        add(new Paragraph(
                "Your roles do not allow you to open “/" + event.getLocation().getPath()
                        + "”. If you need it, ask a portal administrator for the role that grants it."));
        add(new Anchor("", "Back to my teams"));
        return HttpServletResponse.SC_FORBIDDEN;
    }
}
