package io.federa.models.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.federa.identity.CurrentUser;
import io.federa.identity.CurrentUsers;
import io.federa.models.Deployment;
import io.federa.models.Deployments;
import io.federa.models.ModelRegistry;
import io.federa.models.RegisteredModel;
import io.federa.models.ServingStatus;
import jakarta.annotation.security.PermitAll;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A model in one environment: the InferenceService's status from the watch mirror (Ready, the URL,
 * the failing condition in words), canary promotion, the serving history with who and when, rollback
 * in one click, and "Try it" through the portal.
 */
@Route("models/:id/environments/:env")
@PageTitle("Deployment · Federa")
@PermitAll
class DeploymentView extends VerticalLayout implements BeforeEnterObserver {

    static final String SAMPLE = """
            {"inputs": [{"name": "input-0", "shape": [1, 4], "datatype": "FP64", "data": [[5.1, 3.5, 1.4, 0.2]]}]}""";

    private final ModelRegistry registry;
    private final Deployments deployments;
    private final CurrentUsers users;

    DeploymentView(ModelRegistry registry, Deployments deployments, CurrentUsers users) {
        this.registry = registry;
        this.deployments = deployments;
        this.users = users;
        addClassName("federa-page");
        setId("deployment");
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        removeAll();
        CurrentUser me = users.require();
        long id = event.getRouteParameters().getLong("id").orElse(-1L);
        String env = event.getRouteParameters().get("env").orElse("");
        Optional<RegisteredModel> found = registry.find(me, id);
        if (found.isEmpty()) {
            add(new H2("No such model"));
            add(new Paragraph("There is no model with that id that you may see."));
            return;
        }
        RegisteredModel model = found.get();
        add(new H2(model.team() + " / " + model.name() + " in " + env));
        Optional<Deployment> current = deployments.current(me, id, env);
        ServingStatus status = deployments.status(me, id, env);

        var box = new Div();
        box.setId("serving-status");
        box.addClassName("federa-card");
        if (current.isEmpty()) {
            box.add(new Paragraph("Nothing serves here yet. Request a promotion on the model's page."));
        } else {
            Deployment d = current.get();
            box.add(Ui.line("Serving", "v" + d.version() + " (" + d.step() + ", " + d.trafficPercent() + " %)"));
            box.add(Ui.line("InferenceService", d.cluster() + " / " + d.namespace() + " / " + d.isvcName()));
            var ready = new Span(!status.found() ? "not seen yet" : status.ready() ? "Ready" : "Not ready");
            ready.setId("serving-ready");
            box.add(new Div(
                    new Span("Status: "),
                    ready,
                    new Span(" · PredictorReady: " + (status.predictorReady() ? "yes" : "no"))));
            var url = new Span(status.url() == null ? "—" : status.url());
            url.setId("serving-url");
            box.add(new Div(new Span("URL: "), url));
            if (status.problem() != null) {
                var problem = new Paragraph(status.problem());
                problem.setId("serving-problem");
                box.add(problem);
            }
            if (!status.traffic().isEmpty()) {
                box.add(Ui.line("Traffic", String.join(", ", status.traffic())));
            }
            if (d.step().equals("CANARY")) {
                var promote = new Button(
                        "Promote canary to 100 %",
                        e -> {
                            if (Ui.attempt(() -> deployments.promoteCanary(users.require(), id, env))) {
                                getUI().ifPresent(ui -> ui.getPage().reload());
                            }
                        });
                promote.setId("promote-canary");
                box.add(promote);
            }
        }
        add(box);

        add(new H3("History"));
        var history = new Div();
        history.setId("serving-history");
        List<Deployment> all = deployments.history(me, id, env);
        Set<Long> offered = new HashSet<>();
        for (Deployment d : all) {
            var row = new Div(new Span(Ui.when(d.createdAt()) + " · v" + d.version() + " · " + d.step() + " · "
                    + d.trafficPercent() + " % · requested by " + d.requestedBy() + " · approved by "
                    + (d.approvedBy() == null ? "—" : d.approvedBy()) + " · " + d.state()));
            row.addClassName("history-row");
            boolean isCurrent = current.map(c -> c.versionId() == d.versionId()).orElse(false);
            if (!isCurrent && offered.add(d.versionId())) {
                var rollback = new Button(
                        "Roll back to v" + d.version(),
                        e -> Ui.attempt(() -> {
                            Optional<Deployment> done = deployments.rollback(
                                    users.require(), id, env, d.versionId(), "Rollback to v" + d.version());
                            Notification.show(
                                    done.isPresent()
                                            ? "Rolled back to v" + d.version() + "."
                                            : "The rollback needs approval: it is a promotion request now.");
                            getUI().ifPresent(ui -> ui.getPage().reload());
                        }));
                rollback.setId("rollback-v" + d.version());
                row.add(rollback);
            }
            history.add(row);
        }
        add(history);

        if (current.isPresent()) {
            add(new H3("Try it"));
            add(new Paragraph("An Open Inference Protocol v2 request, sent through the portal to /v2/models/"
                    + current.get().isvcName() + "/infer."));
            var body = new TextArea("Request");
            body.setId("try-request");
            body.setWidthFull();
            body.setValue(SAMPLE);
            var answer = new Pre();
            answer.setId("try-answer");
            var send = new Button(
                    "Send",
                    e -> Ui.attempt(() -> {
                        Deployments.InferenceAnswer a = deployments.infer(users.require(), id, env, body.getValue());
                        answer.setText("HTTP " + a.status() + "\n" + a.body());
                    }));
            send.setId("try-send");
            add(body, send, answer);
        }
        add(new Anchor("models/" + id, "Back to the model"));
    }
}
