package io.federa.tenancy.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import io.federa.identity.CurrentUser;
import io.federa.shared.Roles;
import io.federa.tenancy.TeamOverview;
import java.util.List;

/**
 * "Waiting for your approval", an approver's landing page. Model promotions (the only thing approvers
 * decide) do not exist yet, so it says what will appear here instead of showing anything made up; the
 * models module fills it once promotion requests exist. Nothing for anyone else.
 */
@org.springframework.stereotype.Component
class ApprovalsSection implements DashboardSection {

    @Override
    public int order() {
        return 20;
    }

    @Override
    public boolean aboutTeams() {
        return false;
    }

    @Override
    public Component render(CurrentUser user, List<TeamOverview> teams) {
        if (!user.hasRole(Roles.APPROVER)) {
            return AttentionSection.nothing();
        }
        var section = new Div();
        section.setId("approvals");
        section.add(new H3("Waiting for your approval"));
        var none = new Paragraph("Nothing waits for you. When a data scientist asks to promote a model version to "
                + "serving, the request appears here with the model, the run it came from and who asked, for you "
                + "to approve or reject (nobody approves their own). The portal has no model registry yet, so no "
                + "promotion can be requested so far.");
        none.setId("approvals-none");
        section.add(none);
        return section;
    }
}
