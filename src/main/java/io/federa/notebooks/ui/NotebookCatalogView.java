package io.federa.notebooks.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.federa.notebooks.IdleCullBounds;
import io.federa.notebooks.NotebookCatalog;
import io.federa.notebooks.NotebookImage;
import io.federa.notebooks.NotebookKind;
import io.federa.shared.Roles;
import io.federa.shared.UserFacingException;
import jakarta.annotation.security.RolesAllowed;
import java.util.Objects;

/**
 * Admin › Notebooks: the notebook images people may pick on Kubernetes, the environments on Slurm (one
 * shell line each, run before Jupyter: only portal admins write them), and the idle-cull bounds.
 */
@Route("admin/notebooks")
@PageTitle("Notebook images · Federa")
@Menu(title = "Notebook images", order = 117, icon = "vaadin:notebook")
@RolesAllowed(Roles.PORTAL_ADMIN)
class NotebookCatalogView extends VerticalLayout {

    private final NotebookCatalog catalog;
    private final Div lists = new Div();
    private final Paragraph error = new Paragraph();

    NotebookCatalogView(NotebookCatalog catalog) {
        this.catalog = catalog;
        addClassName("federa-page");
        setId("notebook-catalog");
        add(new H2("Notebook images and environments"));
        lists.setId("notebook-images");
        error.setId("notebook-catalog-error");
        add(lists, addForm(), boundsForm(), error);
        refresh();
    }

    private Div addForm() {
        var kind = new Select<NotebookKind>();
        kind.setLabel("Kind");
        kind.setItems(NotebookKind.values());
        kind.setItemLabelGenerator(NotebookKind::label);
        kind.setValue(NotebookKind.KUBERNETES);
        var name = new TextField("Name");
        var value = new TextField("Image (Kubernetes) or environment line (Slurm)");
        var description = new TextField("Description");
        var save = new Button("Save", e -> {
            error.setText("");
            try {
                catalog.save(new NotebookImage(
                        kind.getValue(), name.getValue().strip(), value.getValue(), description.getValue()));
                name.clear();
                value.clear();
                description.clear();
            } catch (UserFacingException ex) {
                error.setText(ex.userMessage());
            }
            refresh();
        });
        save.setId("notebook-image-save");
        return new Div(new H3("Add or replace"), new FormLayout(kind, name, value, description), save);
    }

    private Div boundsForm() {
        IdleCullBounds b = catalog.idleCullBounds();
        var min = new IntegerField("Shortest idle time (min)");
        min.setValue(b.minMinutes());
        var def = new IntegerField("Default (min)");
        def.setValue(b.defaultMinutes());
        var max = new IntegerField("Longest (min)");
        max.setValue(b.maxMinutes());
        var save = new Button("Save bounds", e -> {
            error.setText("");
            try {
                catalog.setIdleCullBounds(new IdleCullBounds(
                        Objects.requireNonNullElse(min.getValue(), 0),
                        Objects.requireNonNullElse(max.getValue(), 0),
                        Objects.requireNonNullElse(def.getValue(), 0)));
            } catch (UserFacingException ex) {
                error.setText(ex.userMessage());
            }
        });
        return new Div(new H3("Idle time before a notebook is stopped"), new FormLayout(min, def, max), save);
    }

    private void refresh() {
        lists.removeAll();
        for (NotebookKind kind : NotebookKind.values()) {
            lists.add(new H3(kind == NotebookKind.KUBERNETES ? "Images (Kubernetes)" : "Environments (Slurm)"));
            var images = catalog.images(kind);
            if (images.isEmpty()) {
                lists.add(new Paragraph("None yet."));
            }
            for (NotebookImage i : images) {
                var remove = new Button("Remove", e -> {
                    catalog.remove(i.kind(), i.name());
                    refresh();
                });
                var row = new Div(
                        new Span(i.name() + " — " + i.value()
                                + (i.description().isEmpty() ? "" : " (" + i.description() + ")") + " "),
                        remove);
                row.getElement().setAttribute("data-image", i.kind() + "/" + i.name());
                lists.add(row);
            }
        }
    }
}
