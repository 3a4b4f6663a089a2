package io.federa.models.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.federa.identity.CurrentUser;
import io.federa.identity.CurrentUsers;
import io.federa.models.Deployments;
import io.federa.models.ModelEnvironment;
import io.federa.models.ModelEnvironments;
import io.federa.models.ModelRegistry;
import io.federa.models.ModelVersion;
import io.federa.models.PromotionRequest;
import io.federa.models.Promotions;
import io.federa.models.RegisteredModel;
import jakarta.annotation.security.PermitAll;
import java.util.List;
import java.util.Optional;

/** One model: its versions with their lineage, aliases, promotion requests, and where it serves. */
@Route("models/:id")
@PageTitle("Model · Federa")
@PermitAll
class ModelView extends VerticalLayout implements BeforeEnterObserver {

    private final ModelRegistry registry;
    private final Promotions promotions;
    private final Deployments deployments;
    private final ModelEnvironments environments;
    private final CurrentUsers users;

    ModelView(
            ModelRegistry registry,
            Promotions promotions,
            Deployments deployments,
            ModelEnvironments environments,
            CurrentUsers users) {
        this.registry = registry;
        this.promotions = promotions;
        this.deployments = deployments;
        this.environments = environments;
        this.users = users;
        addClassName("federa-page");
        setId("model");
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        removeAll();
        CurrentUser me = users.require();
        long id = event.getRouteParameters().getLong("id").orElse(-1L);
        Optional<RegisteredModel> found = registry.find(me, id);
        if (found.isEmpty()) {
            add(new H2("No such model"));
            add(new Paragraph("There is no model with that id that you may see."));
            add(new Anchor("models", "All models"));
            return;
        }
        RegisteredModel model = found.get();
        add(new H2(model.team() + " / " + model.name()));
        add(new Paragraph(model.description()));
        List<ModelVersion> versions = registry.versions(me, id);

        add(new H3("Where it serves"));
        var serving = new Div();
        serving.setId("model-serving");
        for (ModelEnvironment env : environments.list()) {
            var link = new Anchor("models/" + id + "/environments/" + env.name(), env.name());
            link.addClassName("model-environment");
            String now = deployments
                    .current(me, id, env.name())
                    .map(d -> "v" + d.version()
                            + (d.trafficPercent() < 100 ? " (canary " + d.trafficPercent() + " %)" : ""))
                    .orElse("nothing");
            serving.add(new Div(link, new com.vaadin.flow.component.html.Span(": " + now)));
        }
        add(serving);

        add(new H3("Versions"));
        var list = new Div();
        list.setId("model-versions");
        for (ModelVersion v : versions) {
            var card = new Div(Ui.lineage(v));
            card.addClassName("federa-card");
            card.addClassName("model-version");
            card.setId("model-version-" + v.version());
            if (!v.deleted()) {
                var key = new TextField();
                key.setPlaceholder("tag");
                key.setId("tag-key-" + v.version());
                var value = new TextField();
                value.setPlaceholder("value");
                value.setId("tag-value-" + v.version());
                var tag = new Button("Set tag", e -> {
                    if (Ui.attempt(() -> registry.tag(users.require(), v.id(), key.getValue(), value.getValue()))) {
                        getUI().ifPresent(ui -> ui.getPage().reload());
                    }
                });
                var champion = new Button("Make champion", e -> {
                    if (Ui.attempt(() -> registry.alias(users.require(), id, "champion", v.id()))) {
                        getUI().ifPresent(ui -> ui.getPage().reload());
                    }
                });
                champion.setId("champion-" + v.version());
                card.add(new HorizontalLayout(key, value, tag, champion));
            }
            list.add(card);
        }
        add(list);

        add(requestForm(me, id, versions));

        add(new H3("Promotion requests"));
        var requests = new Div();
        requests.setId("model-requests");
        for (PromotionRequest r : promotions.visible(me)) {
            if (r.modelId() != id) {
                continue;
            }
            var link = new Anchor("promotions/" + r.id(), "#" + r.id() + " v" + r.version() + " → " + r.environment());
            requests.add(new Div(
                    link,
                    new com.vaadin.flow.component.html.Span(
                            " · " + r.state() + " · by " + r.requestedBy() + " · " + Ui.when(r.createdAt()))));
        }
        add(requests);
        add(new Anchor("models", "All models"));
    }

    private Div requestForm(CurrentUser me, long id, List<ModelVersion> versions) {
        var box = new Div();
        box.setId("request-promotion");
        box.add(new H3("Request a promotion"));
        var version = new ComboBox<ModelVersion>(
                "Version", versions.stream().filter(v -> !v.deleted()).toList());
        version.setItemLabelGenerator(v -> "v" + v.version());
        version.setId("request-version");
        versions.stream().filter(v -> !v.deleted()).findFirst().ifPresent(version::setValue); // the newest
        var env = new ComboBox<ModelEnvironment>("Environment", environments.list());
        env.setItemLabelGenerator(ModelEnvironment::name);
        env.setId("request-environment");
        if (environments.list().size() == 1) {
            env.setValue(environments.list().getFirst());
        }
        var canary = new Checkbox("Canary first (if a version already serves)");
        canary.setId("request-canary");
        var comment = new TextArea("Comment for the approvers");
        comment.setId("request-comment");
        comment.setWidthFull();
        var send = new Button(
                "Request",
                e -> Ui.attempt(() -> {
                    if (version.getValue() == null || env.getValue() == null) {
                        throw new io.federa.models.InvalidModelException("Choose the version and the environment.");
                    }
                    PromotionRequest r = promotions.request(
                            users.require(),
                            version.getValue().id(),
                            env.getValue().name(),
                            comment.getValue(),
                            canary.getValue());
                    Notification.show("Requested: #" + r.id() + " waits for an approver.");
                    getUI().ifPresent(ui -> ui.navigate("promotions/" + r.id()));
                }));
        send.setId("request-send");
        box.add(new HorizontalLayout(version, env, canary), comment, send);
        return box;
    }
}
