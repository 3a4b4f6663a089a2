package io.federa.models.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.federa.kubernetes.KubernetesClusters;
import io.federa.models.ModelEnvironment;
import io.federa.models.ModelEnvironments;
import io.federa.shared.Roles;
import jakarta.annotation.security.RolesAllowed;

/** Admin: the environments models are promoted to, who approves there, and what a model server gets. */
@Route("admin/environments")
@PageTitle("Model environments · Federa")
@Menu(title = "Model environments", order = 115, icon = "vaadin:server")
@RolesAllowed(Roles.PORTAL_ADMIN)
class EnvironmentsView extends VerticalLayout {

    EnvironmentsView(ModelEnvironments environments, KubernetesClusters clusters) {
        addClassName("federa-page");
        setId("environments");
        add(new H2("Model environments"));
        add(new Paragraph("Where approved model versions are deployed as KServe InferenceServices. The requester "
                + "never approves their own request; production may need two approvers."));
        var list = new Div();
        list.setId("environment-list");
        for (ModelEnvironment e : environments.list()) {
            list.add(new Div(new Span(e.name() + ": " + e.cluster() + " / "
                    + (e.namespacePattern().isEmpty() ? "the team's namespace" : e.namespacePattern()) + " · "
                    + e.approvalsNeeded() + " approval(s)" + (e.teamAdminsApprove() ? ", team admins too" : "")
                    + " · rollback " + (e.rollbackWithoutApproval() ? "without" : "with") + " approval · "
                    + e.cpu() + " CPU, " + e.memory() + " · replicas " + e.minReplicas() + ".." + e.maxReplicas())));
        }
        add(list);

        add(new H3("New or changed environment"));
        var name = new TextField("Name");
        name.setId("env-name");
        var cluster = new ComboBox<String>("Kubernetes cluster", clusters.enabledClusters());
        cluster.setId("env-cluster");
        var namespace = new TextField("Namespace ({team}; empty: the team's own)");
        namespace.setId("env-namespace");
        var approvals = new IntegerField("Approvals needed (1 or 2)");
        approvals.setValue(1);
        approvals.setId("env-approvals");
        var admins = new Checkbox("Team admins may approve too");
        var rollback = new Checkbox("Rollback without a new approval");
        rollback.setId("env-rollback");
        var cpu = new TextField("CPU");
        cpu.setValue("500m");
        var memory = new TextField("Memory");
        memory.setValue("512Mi");
        memory.setId("env-memory");
        var min = new IntegerField("Min replicas");
        min.setValue(1);
        var max = new IntegerField("Max replicas");
        max.setValue(1);
        var save = new Button(
                "Save",
                e -> Ui.attempt(() -> {
                    environments.save(new ModelEnvironment(
                            name.getValue().trim(),
                            cluster.getValue() == null ? "" : cluster.getValue(),
                            namespace.getValue().trim(),
                            admins.getValue(),
                            approvals.getValue() == null ? 0 : approvals.getValue(),
                            rollback.getValue(),
                            cpu.getValue(),
                            memory.getValue(),
                            min.getValue() == null ? 0 : min.getValue(),
                            max.getValue() == null ? 0 : max.getValue()));
                    Notification.show("Saved " + name.getValue() + ".");
                    getUI().ifPresent(ui -> ui.getPage().reload());
                }));
        save.setId("env-save");
        add(
                new HorizontalLayout(name, cluster, namespace),
                new HorizontalLayout(approvals, admins, rollback),
                new HorizontalLayout(cpu, memory, min, max),
                save);
    }
}
