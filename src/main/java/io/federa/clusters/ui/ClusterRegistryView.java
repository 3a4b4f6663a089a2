package io.federa.clusters.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.federa.clusters.AuthMode;
import io.federa.clusters.ClusterOverview;
import io.federa.clusters.ClusterRegistry;
import io.federa.clusters.ClusterSettings;
import io.federa.shared.Roles;
import io.federa.shared.UserFacingException;
import jakarta.annotation.security.RolesAllowed;
import java.net.URI;
import java.net.URISyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * Admin: register, change, disable and enable clusters. Secrets are write-only: once saved they are
 * never shown again; leaving the field empty on edit keeps the stored one.
 */
@Route("admin/clusters")
@PageTitle("Cluster registry · Federa")
@Menu(title = "Cluster registry", order = 110, icon = "vaadin:server")
@RolesAllowed(Roles.PORTAL_ADMIN)
class ClusterRegistryView extends VerticalLayout {

    private final ClusterRegistry registry;
    private final Grid<ClusterOverview> grid = new Grid<>();

    ClusterRegistryView(ClusterRegistry registry) {
        this.registry = registry;
        addClassName("federa-page");
        add(new H2("Cluster registry"));
        add(new Paragraph("Clusters are reached only through slurmrestd. With the cluster's JWT signing key the "
                + "portal mints short-lived tokens for the Slurm user it acts for (needed to submit as people); "
                + "a fixed token acts only as the admin Slurm user. Secrets are encrypted at rest and never "
                + "shown again."));

        var add = new Button("Register cluster", e -> openEditor(null));
        add.setId("register-cluster");
        add.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        add(add);

        grid.setId("cluster-registry");
        grid.addColumn(ClusterOverview::name).setHeader("Name").setAutoWidth(true);
        grid.addColumn(c -> c.restUrl().toString()).setHeader("slurmrestd URL").setAutoWidth(true);
        grid.addColumn(c -> c.authMode() == AuthMode.JWT_KEY ? "JWT key" : "fixed token")
                .setHeader("Auth");
        grid.addColumn(ClusterOverview::adminUser).setHeader("Admin Slurm user");
        grid.addColumn(c -> c.pinnedApiVersion() == null ? "newest" : c.pinnedApiVersion())
                .setHeader("API version");
        grid.addComponentColumn(
                        c -> Clusters.stateBadge(c.enabled() ? c.health().state() : null))
                .setHeader("State");
        grid.addComponentColumn(c -> {
                    var edit = new Button("Edit", e -> openEditor(c));
                    var toggle = new Button(c.enabled() ? "Disable" : "Enable", e -> {
                        registry.setEnabled(c.name(), !c.enabled());
                        refresh();
                    });
                    edit.addThemeVariants(ButtonVariant.LUMO_SMALL);
                    toggle.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
                    return new HorizontalLayout(edit, toggle);
                })
                .setHeader("")
                .setAutoWidth(true);
        grid.setAllRowsVisible(true);
        add(grid);
        refresh();
    }

    private void refresh() {
        grid.setItems(registry.overview());
    }

    private void openEditor(@Nullable ClusterOverview existing) {
        var dialog = new Dialog();
        dialog.setHeaderTitle(existing == null ? "Register a cluster" : "Change cluster " + existing.name());
        var name = new TextField("Name");
        name.setId("cluster-name");
        name.setHelperText("like Slurm's ClusterName: lower-case letters, digits, '-'");
        var url = new TextField("slurmrestd URL");
        url.setId("cluster-url");
        url.setPlaceholder("http://slurm-head:6820");
        var mode = new Select<AuthMode>();
        mode.setLabel("Authentication");
        mode.setItems(AuthMode.values());
        mode.setItemLabelGenerator(m -> m == AuthMode.JWT_KEY ? "JWT signing key (base64)" : "Fixed token");
        mode.setValue(AuthMode.JWT_KEY);
        var secret = new PasswordField("Secret");
        secret.setId("cluster-secret");
        secret.setRevealButtonVisible(false);
        secret.setHelperText(
                existing == null
                        ? "the key: base64 -w0 jwt_hs256.key — or the token"
                        : "leave empty to keep the stored secret");
        var admin = new TextField("Admin Slurm user");
        admin.setId("cluster-admin");
        admin.setValue("federa");
        var pinned = new TextField("Pin API version");
        pinned.setPlaceholder("newest both sides speak");
        if (existing != null) {
            name.setValue(existing.name());
            name.setReadOnly(true);
            url.setValue(existing.restUrl().toString());
            mode.setValue(existing.authMode());
            admin.setValue(existing.adminUser());
            pinned.setValue(existing.pinnedApiVersion() == null ? "" : existing.pinnedApiVersion());
        }
        var form = new FormLayout(name, url, mode, secret, admin, pinned);
        dialog.add(form);

        var save = new Button("Save", e -> {
            try {
                var settings = new ClusterSettings(
                        name.getValue().trim(),
                        uri(url.getValue()),
                        mode.getValue(),
                        secret.getValue(),
                        admin.getValue().trim(),
                        pinned.getValue());
                if (existing == null) {
                    registry.register(settings);
                } else {
                    registry.update(settings);
                }
                secret.clear();
                dialog.close();
                refresh();
                Notification.show("Saved. The portal checks the cluster within seconds: see its state here "
                        + "and on the Clusters page.");
            } catch (UserFacingException problem) {
                var n = Notification.show(problem.userMessage(), 6000, Notification.Position.MIDDLE);
                n.addClassName("form-error");
            }
        });
        save.setId("save-cluster");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), save);
        dialog.open();
    }

    private static URI uri(String text) {
        try {
            return new URI(text.trim());
        } catch (URISyntaxException e) {
            throw new io.federa.clusters.InvalidClusterSettingsException(
                    "The slurmrestd URL is not a valid address: " + e.getReason());
        }
    }
}
