package io.federa.models.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.federa.identity.CurrentUser;
import io.federa.identity.CurrentUsers;
import io.federa.models.ModelFormat;
import io.federa.models.ModelRegistry;
import io.federa.models.ModelVersion;
import io.federa.models.RegisteredModel;
import io.federa.tenancy.TeamDirectory;
import jakarta.annotation.security.PermitAll;
import java.util.List;
import java.util.Map;

/**
 * The registered models of the user's teams; a new model; and, reached from a run's "Register as
 * model" ({@code models?run=&artifact=}), the form that makes a run's file a model version.
 */
@Route("models")
@PageTitle("Models · Federa")
@Menu(title = "Models", order = 40, icon = "vaadin:cube")
@PermitAll
class ModelsView extends VerticalLayout implements BeforeEnterObserver {

    private final ModelRegistry registry;
    private final TeamDirectory teams;
    private final CurrentUsers users;

    ModelsView(ModelRegistry registry, TeamDirectory teams, CurrentUsers users) {
        this.registry = registry;
        this.teams = teams;
        this.users = users;
        addClassName("federa-page");
        setId("models");
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        removeAll();
        CurrentUser me = users.require();
        Map<String, List<String>> query =
                event.getLocation().getQueryParameters().getParameters();
        String run = query.getOrDefault("run", List.of("")).getFirst();
        String artifact = query.getOrDefault("artifact", List.of("")).getFirst();
        add(new H2("Models"));
        add(new Paragraph("Your teams' registered models. A version is made from a run's file (on the run's page, "
                + "\"Register as model\") or an upload, and keeps where it came from; versions never change, "
                + "their tags and aliases do."));
        List<RegisteredModel> models = registry.models(me);
        if (!run.isEmpty()) {
            add(registerForm(me, models, run, artifact));
        }
        var list = new Div();
        list.setId("model-list");
        if (models.isEmpty()) {
            list.add(new Paragraph("No models yet."));
        }
        for (RegisteredModel m : models) {
            var link = new Anchor("models/" + m.id(), m.team() + " / " + m.name());
            link.addClassName("model-link");
            var row = new Div(
                    link,
                    new com.vaadin.flow.component.html.Span(" · " + m.versions() + " version(s)"
                            + (m.aliases().isEmpty() ? "" : " · " + m.aliases()) + " · " + m.description()));
            row.addClassName("model-row");
            list.add(row);
        }
        add(list);
        add(createForm(me));
    }

    private Div createForm(CurrentUser me) {
        var box = new Div();
        box.setId("new-model");
        box.add(new H3("New model"));
        var team = new ComboBox<String>("Team", teams.teamsInScope(me));
        team.setId("new-model-team");
        if (teams.teamsInScope(me).size() == 1) {
            team.setValue(teams.teamsInScope(me).getFirst());
        }
        var name = new TextField("Name (lower-case letters, digits, '-')");
        name.setId("new-model-name");
        var description = new TextField("Description");
        description.setId("new-model-description");
        var create = new Button("Create", e -> {
            CurrentUser user = users.require();
            Ui.attempt(() -> {
                RegisteredModel m = registry.create(
                        user, team.getValue() == null ? "" : team.getValue(), name.getValue(), description.getValue());
                getUI().ifPresent(ui -> ui.navigate("models/" + m.id()));
            });
        });
        create.setId("new-model-create");
        box.add(new HorizontalLayout(team, name, description, create));
        return box;
    }

    private Div registerForm(CurrentUser me, List<RegisteredModel> models, String run, String artifact) {
        var box = new Div();
        box.setId("register-model");
        box.addClassName("federa-card");
        box.add(new H3("Register " + artifact + " of run " + run + " as a model version"));
        var model = new ComboBox<RegisteredModel>("Model", models);
        model.setItemLabelGenerator(m -> m.team() + " / " + m.name());
        model.setId("register-model-model");
        if (models.size() == 1) {
            model.setValue(models.getFirst());
        }
        var format = new ComboBox<ModelFormat>("Format", List.of(ModelFormat.values()));
        format.setItemLabelGenerator(ModelFormat::kserveName);
        format.setValue(ModelFormat.SKLEARN);
        format.setId("register-model-format");
        var card = new TextArea("Model card (what it is, data, limits)");
        card.setId("register-model-card");
        card.setWidthFull();
        var register = new Button(
                "Register",
                e -> Ui.attempt(() -> {
                    RegisteredModel m = model.getValue();
                    if (m == null) {
                        throw new io.federa.models.InvalidModelException(
                                "Choose the model (or create it below first).");
                    }
                    ModelVersion v = registry.registerFromRun(
                            users.require(), m.id(), run, artifact, format.getValue(), card.getValue());
                    getUI().ifPresent(ui -> ui.navigate("models/" + v.modelId()));
                }));
        register.setId("register-model-submit");
        box.add(new HorizontalLayout(model, format), card, register);
        return box;
    }
}
