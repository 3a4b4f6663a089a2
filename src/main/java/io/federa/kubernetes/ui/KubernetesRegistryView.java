package io.federa.kubernetes.ui;

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
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.federa.kubernetes.InvalidKubernetesSettingsException;
import io.federa.kubernetes.KubernetesAuthKind;
import io.federa.kubernetes.KubernetesClusterOverview;
import io.federa.kubernetes.KubernetesClusterSettings;
import io.federa.kubernetes.KubernetesClusters;
import io.federa.kubernetes.KubernetesCredentials;
import io.federa.shared.Roles;
import io.federa.shared.UserFacingException;
import io.federa.shared.ui.Badges;
import jakarta.annotation.security.RolesAllowed;
import java.net.URI;
import java.net.URISyntaxException;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;

/**
 * Admin: register, change, disable and enable Kubernetes clusters. Credentials are write-only: once
 * saved they are never shown again; leaving them empty on edit keeps the stored ones.
 */
@Route("admin/kubernetes")
@PageTitle("Kubernetes clusters · Federa")
@Menu(title = "Kubernetes clusters", order = 111, icon = "vaadin:cloud")
@RolesAllowed(Roles.PORTAL_ADMIN)
class KubernetesRegistryView extends VerticalLayout {

    private final KubernetesClusters registry;
    private final String defaultPattern;
    private final Grid<KubernetesClusterOverview> grid = new Grid<>();

    KubernetesRegistryView(
            KubernetesClusters registry,
            @Value("${federa.kubernetes.default-namespace-pattern:{team}}") String defaultPattern) {
        this.registry = registry;
        this.defaultPattern = defaultPattern;
        addClassName("federa-page");
        add(new H2("Kubernetes clusters"));
        add(new Paragraph("The portal drives Kubernetes through Kubeflow's and KServe's custom resources "
                + "(Profiles, Notebooks, InferenceServices) with the credentials entered here: a client "
                + "certificate and key, or a bearer token, allowed to manage those resources. Credentials are "
                + "encrypted at rest and never shown again."));
        var add = new Button("Register Kubernetes cluster", e -> openEditor(null));
        add.setId("register-kubernetes-cluster");
        add.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        add(add);

        grid.setId("kubernetes-registry");
        grid.addColumn(KubernetesClusterOverview::name).setHeader("Name").setAutoWidth(true);
        grid.addColumn(c -> c.apiUrl().toString()).setHeader("API server").setAutoWidth(true);
        grid.addColumn(c ->
                        c.authKind() == KubernetesAuthKind.CLIENT_CERTIFICATE ? "client certificate" : "bearer token")
                .setHeader("Credentials");
        grid.addColumn(c -> c.caConfigured() ? "own CA" : "system CAs").setHeader("CA");
        grid.addColumn(KubernetesClusterOverview::namespacePattern).setHeader("Namespace pattern");
        grid.addColumn(c -> c.notebookGatewayUrl() == null
                        ? "–"
                        : c.notebookGatewayUrl().toString())
                .setHeader("Notebook gateway");
        grid.addComponentColumn(c -> Badges.state(c.enabled() ? c.health().state() : null))
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
                .setAutoWidth(true);
        grid.setAllRowsVisible(true);
        add(grid);
        refresh();
    }

    private void refresh() {
        grid.setItems(registry.overview());
    }

    private void openEditor(@Nullable KubernetesClusterOverview existing) {
        var dialog = new Dialog();
        dialog.setHeaderTitle(
                existing == null ? "Register a Kubernetes cluster" : "Change Kubernetes cluster " + existing.name());
        var name = new TextField("Name");
        name.setId("kubernetes-name");
        var url = new TextField("API server URL");
        url.setId("kubernetes-url");
        url.setPlaceholder("https://k8s.example.org:6443");
        var ca = new TextArea("CA certificate (PEM)");
        ca.setId("kubernetes-ca");
        ca.setHelperText("the CA that signed the API server's certificate; empty: the JVM's trusted CAs");
        var kind = new Select<KubernetesAuthKind>();
        kind.setId("kubernetes-auth-kind");
        kind.setLabel("Credentials");
        kind.setItems(KubernetesAuthKind.values());
        kind.setItemLabelGenerator(
                k -> k == KubernetesAuthKind.CLIENT_CERTIFICATE ? "Client certificate and key" : "Bearer token");
        kind.setValue(KubernetesAuthKind.CLIENT_CERTIFICATE);
        var cert = new TextArea("Client certificate (PEM)");
        cert.setId("kubernetes-client-cert");
        var key = new TextArea("Client key (PEM)");
        key.setId("kubernetes-client-key");
        var token = new PasswordField("Bearer token");
        token.setId("kubernetes-token");
        token.setRevealButtonVisible(false);
        String keep = existing == null ? "" : "leave empty to keep the stored credentials";
        key.setHelperText(keep);
        token.setHelperText(keep);
        var gateway = new TextField("Notebook gateway URL");
        gateway.setId("kubernetes-gateway");
        gateway.setHelperText("how /notebook/<namespace>/<name>/ is reached: the Kubeflow (Istio) gateway, or "
                + "in-cluster service DNS when the portal runs in the cluster; empty: no notebooks here");
        var pattern = new TextField("Namespace pattern");
        pattern.setId("kubernetes-pattern");
        pattern.setValue(defaultPattern);
        pattern.setHelperText("a team's Profile and namespace; {team} is replaced by the team's name");
        Runnable showCredentials = () -> {
            boolean certs = kind.getValue() == KubernetesAuthKind.CLIENT_CERTIFICATE;
            cert.setVisible(certs);
            key.setVisible(certs);
            token.setVisible(!certs);
        };
        kind.addValueChangeListener(e -> showCredentials.run());
        if (existing != null) {
            name.setValue(existing.name());
            name.setReadOnly(true);
            url.setValue(existing.apiUrl().toString());
            kind.setValue(existing.authKind());
            gateway.setValue(
                    existing.notebookGatewayUrl() == null
                            ? ""
                            : existing.notebookGatewayUrl().toString());
            pattern.setValue(existing.namespacePattern());
            ca.setValue(existing.caCertificate() == null ? "" : existing.caCertificate());
        }
        showCredentials.run();
        dialog.add(new FormLayout(name, url, ca, kind, cert, key, token, gateway, pattern));

        var save = new Button("Save", e -> {
            try {
                var settings = new KubernetesClusterSettings(
                        name.getValue().trim(),
                        uri(url.getValue(), "The API server URL"),
                        ca.getValue(),
                        credentials(kind.getValue(), cert.getValue(), key.getValue(), token.getValue()),
                        gateway.getValue().isBlank() ? null : uri(gateway.getValue(), "The notebook gateway URL"),
                        pattern.getValue());
                if (existing == null) {
                    registry.register(settings);
                } else {
                    registry.update(settings);
                }
                key.clear();
                token.clear();
                dialog.close();
                refresh();
                Notification.show("Saved. The portal checks the cluster within seconds: see its state here and on "
                        + "the Clusters page.");
            } catch (UserFacingException problem) {
                var n = Notification.show(problem.userMessage(), 6000, Notification.Position.MIDDLE);
                n.addClassName("form-error");
            }
        });
        save.setId("save-kubernetes-cluster");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), save);
        dialog.open();
    }

    /** Credentials from the form; null (keep the stored ones) when the secret fields are empty. */
    static @Nullable KubernetesCredentials credentials(KubernetesAuthKind kind, String cert, String key, String token) {
        if (kind == KubernetesAuthKind.BEARER_TOKEN) {
            return token.isBlank() ? null : new KubernetesCredentials.BearerToken(token.trim());
        }
        if (key.isBlank() && cert.isBlank()) {
            return null;
        }
        if (key.isBlank() || cert.isBlank()) {
            throw new InvalidKubernetesSettingsException("Enter both the client certificate and its key.");
        }
        return new KubernetesCredentials.ClientCertificate(cert.trim(), key.trim());
    }

    private static URI uri(String text, String what) {
        try {
            return new URI(text.trim());
        } catch (URISyntaxException e) {
            throw new InvalidKubernetesSettingsException(what + " is not a valid address: " + e.getReason());
        }
    }
}
