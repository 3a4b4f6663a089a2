package io.federa.models.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.federa.identity.CurrentUser;
import io.federa.identity.CurrentUsers;
import io.federa.models.ModelVersion;
import io.federa.models.PromotionRequest;
import io.federa.models.PromotionState;
import io.federa.models.Promotions;
import jakarta.annotation.security.PermitAll;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Promotion requests: the list (an approver's queue first), and one request with the version's
 * lineage, its metrics next to the version serving now, the requester's comment, the decisions, and
 * Approve / Reject for those who may decide — never the requester: for them the buttons are absent
 * (and the service refuses a crafted call).
 */
@Route("promotions/:id?")
@PageTitle("Promotions · Federa")
@Menu(title = "Promotions", order = 41, icon = "vaadin:check-square-o")
@PermitAll
class PromotionsView extends VerticalLayout implements BeforeEnterObserver {

    private final Promotions promotions;
    private final CurrentUsers users;

    PromotionsView(Promotions promotions, CurrentUsers users) {
        this.promotions = promotions;
        this.users = users;
        addClassName("federa-page");
        setId("promotions");
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        removeAll();
        CurrentUser me = users.require();
        Optional<Long> id = event.getRouteParameters().getLong("id");
        if (id.isPresent()) {
            one(me, id.get());
            return;
        }
        add(new H2("Promotions"));
        add(new Paragraph("Requests to move a model version to an environment. Someone other than the requester "
                + "decides each; decided requests never change."));
        add(new H3("Waiting for your decision"));
        var queue = new Div();
        queue.setId("promotion-queue");
        promotions.queue(me).forEach(r -> queue.add(row(r)));
        if (queue.getChildren().findAny().isEmpty()) {
            queue.add(new Paragraph("Nothing waits for you."));
        }
        add(queue);
        add(new H3("All requests you may see"));
        var all = new Div();
        all.setId("promotion-list");
        promotions.visible(me).forEach(r -> all.add(row(r)));
        add(all);
    }

    static Div row(PromotionRequest r) {
        var link = new Anchor(
                "promotions/" + r.id(),
                "#" + r.id() + " " + r.team() + " / " + r.model() + " v" + r.version() + " → " + r.environment()
                        + (r.kind().equals("ROLLBACK") ? " (rollback)" : ""));
        var row = new Div(
                link, new Span(" · " + r.state() + " · by " + r.requestedBy() + " · " + Ui.when(r.createdAt())));
        row.addClassName("promotion-row");
        return row;
    }

    private void one(CurrentUser me, long id) {
        Optional<PromotionRequest> found = promotions.find(me, id);
        if (found.isEmpty()) {
            add(new H2("No such request"));
            add(new Paragraph("There is no promotion request with that id that you may see."));
            add(new Anchor("promotions", "All promotion requests"));
            return;
        }
        PromotionRequest r = found.get();
        add(new H2("Request #" + r.id() + ": " + r.model() + " v" + r.version() + " → " + r.environment()));
        var state = new Span(r.state().name());
        state.setId("promotion-state");
        add(new Div(new Span("State: "), state));
        if (r.reason() != null) {
            var reason = new Paragraph(r.reason());
            reason.setId("promotion-reason");
            add(reason);
        }
        add(Ui.line("Team", r.team()));
        add(Ui.line("Requested by", r.requestedBy() + ", " + Ui.when(r.createdAt())));
        var comment = new Paragraph(r.comment());
        comment.setId("promotion-comment");
        add(new Div(new Span("Comment: "), comment));
        if (r.canary()) {
            add(new Paragraph("Canary first, if a version serves there already."));
        }

        Optional<ModelVersion> version = promotions.versionOf(me, id);
        Optional<ModelVersion> serving = promotions.servingNow(me, id);
        add(new H3("Lineage"));
        version.ifPresent(v -> add(Ui.lineage(v)));
        add(new H3("Metrics compared with the version serving now"));
        var compare = new Div();
        compare.setId("promotion-metrics");
        if (version.isPresent()) {
            var keys = new TreeSet<>(version.get().metrics().keySet());
            serving.ifPresent(s -> keys.addAll(s.metrics().keySet()));
            for (String k : keys) {
                Double now = serving.map(s -> s.metrics().get(k)).orElse(null);
                Double asked = version.get().metrics().get(k);
                compare.add(new Div(new Span(k + ": requested " + (asked == null ? "—" : asked) + " · serving "
                        + serving.map(s -> "v" + s.version()).orElse("nothing") + " " + (now == null ? "—" : now))));
            }
        }
        add(compare);

        add(new H3("Decisions"));
        var decisions = new Div();
        decisions.setId("promotion-decisions");
        for (PromotionRequest.Decision d : r.decisions()) {
            decisions.add(new Div(new Span((d.approved() ? "Approved" : "Rejected") + " by " + d.by() + ", "
                    + Ui.when(d.at()) + ": " + d.comment())));
        }
        add(decisions);

        if (promotions.mayDecide(me, r)) {
            var note = new TextArea("Your comment");
            note.setId("decision-comment");
            note.setWidthFull();
            var approve = new Button("Approve", e -> {
                if (Ui.attempt(() -> promotions.approve(users.require(), id, note.getValue()))) {
                    getUI().ifPresent(ui -> ui.getPage().reload());
                }
            });
            approve.setId("approve");
            approve.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
            var reject = new Button("Reject", e -> {
                if (Ui.attempt(() -> promotions.reject(users.require(), id, note.getValue()))) {
                    getUI().ifPresent(ui -> ui.getPage().reload());
                }
            });
            reject.setId("reject");
            reject.addThemeVariants(ButtonVariant.LUMO_ERROR);
            add(note, new HorizontalLayout(approve, reject));
        } else if (r.requestedBy().equals(me.username()) && r.state() == PromotionState.PENDING) {
            add(new Paragraph("You asked for this promotion: someone else decides it."));
            var withdraw = new Button("Withdraw", e -> {
                if (Ui.attempt(() -> promotions.withdraw(users.require(), id))) {
                    getUI().ifPresent(ui -> ui.getPage().reload());
                }
            });
            withdraw.setId("withdraw");
            add(withdraw);
        }
        add(new Anchor("promotions", "All promotion requests"));
    }
}
