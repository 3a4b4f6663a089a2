package io.federa.access.ui;

import static io.federa.access.ui.PermissionsUi.call;
import static io.federa.access.ui.PermissionsUi.section;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import io.federa.access.AdoptResult;
import io.federa.access.ClusterPermissions;
import io.federa.access.ImportEverywhere;
import io.federa.access.ImportProposals;
import io.federa.access.ImportProposals.AccountProposal;
import io.federa.access.ImportProposals.UserProposal;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * "Import from Slurm" on the cluster permissions page: reads the shown cluster's accounting and
 * proposes mappings to adopt, or adopts every new proposal of every cluster after a preview
 * ({@link AdoptAllDialog}). Adopting stores mappings only; Slurm is changed by "Preview and apply".
 */
class ImportSection extends VerticalLayout {

    private final ClusterPermissions permissions;
    private final Supplier<@Nullable String> cluster;
    private final Runnable afterAdopt;
    private final Grid<AccountProposal> accountProposals = new Grid<>();
    private final Grid<UserProposal> userProposals = new Grid<>();
    private final Span importMessage = new Span();

    /** {@code afterAdopt} runs when mappings were adopted (the page shows the cluster again). */
    ImportSection(ClusterPermissions permissions, Supplier<@Nullable String> cluster, Runnable afterAdopt) {
        this.permissions = permissions;
        this.cluster = cluster;
        this.afterAdopt = afterAdopt;

        var read = new Button("Read from Slurm", e -> readFromSlurm());
        read.setId("import-read");
        accountProposals.setId("import-accounts");
        accountProposals.setSelectionMode(Grid.SelectionMode.MULTI);
        accountProposals
                .addColumn(AccountProposal::slurmAccount)
                .setHeader("Slurm account")
                .setAutoWidth(true);
        accountProposals.addColumn(AccountProposal::team).setHeader("→ team").setAutoWidth(true);
        accountProposals
                .addColumn(p -> p.alreadyMapped() ? "mapped" : "new")
                .setHeader("")
                .setAutoWidth(true);
        accountProposals.addColumn(AccountProposal::reason).setHeader("Why").setFlexGrow(1);
        accountProposals.setAllRowsVisible(true);
        userProposals.setId("import-users");
        userProposals.setSelectionMode(Grid.SelectionMode.MULTI);
        userProposals.addColumn(UserProposal::slurmUser).setHeader("Slurm user").setAutoWidth(true);
        userProposals.addColumn(UserProposal::username).setHeader("→ person").setAutoWidth(true);
        userProposals
                .addColumn(p -> p.alreadyMapped() ? "mapped" : "new")
                .setHeader("")
                .setAutoWidth(true);
        userProposals.addColumn(UserProposal::reason).setHeader("Why").setFlexGrow(1);
        userProposals.setAllRowsVisible(true);
        var adopt = new Button("Adopt selected", e -> adopt());
        adopt.setId("import-adopt");
        var everywhere = new Button("Adopt all on every cluster…", e -> previewAdoptAll());
        everywhere.setId("import-all");
        importMessage.setId("import-message");
        add(section(
                "Import from Slurm",
                new Paragraph("Reads the cluster's accounts, users and associations and proposes: an account → the "
                        + "team of the same name, or the team most of its users belong to; a Slurm user → the "
                        + "person of the same user name. Select what to adopt, or adopt every new proposal of every "
                        + "cluster at once (previewed first; nothing that re-maps is taken)."),
                new HorizontalLayout(read, everywhere, importMessage),
                accountProposals,
                userProposals,
                adopt));
        for (Grid<?> grid : List.of(accountProposals, userProposals)) {
            grid.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT, GridVariant.LUMO_COMPACT);
        }
        setPadding(false);
    }

    /** Another cluster is shown: its proposals are read again on request. */
    void clear() {
        accountProposals.setItems(List.of());
        userProposals.setItems(List.of());
    }

    private void readFromSlurm() {
        String c = cluster.get();
        if (c == null) {
            return;
        }
        call(
                () -> permissions.importFromSlurm(c),
                (ImportProposals found) -> {
                    accountProposals.setItems(found.accounts());
                    userProposals.setItems(found.users());
                    importMessage.setText(found.accounts().size() + " account and "
                            + found.users().size() + " user proposal(s) from " + c + "'s accounting.");
                },
                importMessage);
    }

    private void adopt() {
        call(
                () -> permissions.adopt(accountProposals.getSelectedItems(), userProposals.getSelectedItems()),
                (AdoptResult r) -> {
                    importMessage.setText("Adopted " + r.adopted().size() + "."
                            + (r.refused().isEmpty() ? "" : " Refused: " + String.join(" ", r.refused())));
                    afterAdopt.run();
                },
                importMessage);
    }

    /** Reads every cluster, shows what "adopt all" would store and what it leaves, and adopts on confirmation. */
    private void previewAdoptAll() {
        call(permissions::importFromEveryCluster, this::showAdoptAll, importMessage);
    }

    private void showAdoptAll(ImportEverywhere all) {
        new AdoptAllDialog(
                        all,
                        dialog -> call(
                                () -> permissions.adopt(all.accounts(), all.users()),
                                (AdoptResult r) -> {
                                    dialog.close();
                                    importMessage.setText(
                                            "Adopted " + r.adopted().size() + " on every cluster."
                                                    + (r.refused().isEmpty()
                                                            ? ""
                                                            : " Refused: " + String.join(" ", r.refused()))
                                                    + " Preview and apply each cluster's changes.");
                                    afterAdopt.run();
                                },
                                importMessage))
                .open();
    }
}
