package io.federa.models.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import io.federa.identity.CurrentUser;
import io.federa.models.PromotionRequest;
import io.federa.models.Promotions;
import io.federa.shared.Roles;
import io.federa.tenancy.TeamOverview;
import io.federa.tenancy.ui.DashboardSection;
import java.util.List;

/**
 * "Waiting for your approval" on an approver's landing page (ADR 28): the promotion requests they may
 * decide, oldest first, each linking to the request with its lineage, metrics and comment. Requests
 * the approver asked for themselves never appear. Nothing for anyone else.
 */
@org.springframework.stereotype.Component
class ApprovalsSection implements DashboardSection {

    private final Promotions promotions;

    ApprovalsSection(Promotions promotions) {
        this.promotions = promotions;
    }

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
        var section = new Div();
        if (!user.hasRole(Roles.APPROVER)) {
            section.setVisible(false);
            return section;
        }
        section.setId("approvals");
        section.add(new H3("Waiting for your approval"));
        List<PromotionRequest> queue = promotions.queue(user);
        if (queue.isEmpty()) {
            var none = new Paragraph("Nothing waits for you. When a data scientist asks to promote a model version to "
                    + "serving, the request appears here with the model, the run it came from and who asked, for you "
                    + "to approve or reject (nobody approves their own).");
            none.setId("approvals-none");
            section.add(none);
        }
        for (PromotionRequest r : queue) {
            var row = PromotionsView.row(r);
            row.addClassName("approval-item");
            section.add(row);
        }
        return section;
    }
}
