package io.federa.access.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import io.federa.access.ImportEverywhere;
import io.federa.access.ImportProposals.AccountProposal;
import io.federa.access.ImportProposals.UserProposal;
import java.util.List;
import java.util.function.Consumer;

/**
 * "Adopt all on every cluster": what adopting would store (every cluster's new proposals), what it
 * leaves for a choice on the cluster's own import, and the clusters that could not be read; adopts
 * on confirmation.
 */
class AdoptAllDialog extends Dialog {

    AdoptAllDialog(ImportEverywhere all, Consumer<AdoptAllDialog> onConfirm) {
        setId("adopt-all-dialog");
        setHeaderTitle("Adopt all on every cluster");
        setWidth("min(1100px, 95vw)");
        var accounts = new Grid<AccountProposal>();
        accounts.setId("adopt-all-accounts");
        accounts.addColumn(AccountProposal::cluster).setHeader("Cluster").setAutoWidth(true);
        accounts.addColumn(AccountProposal::slurmAccount)
                .setHeader("Slurm account")
                .setAutoWidth(true);
        accounts.addColumn(AccountProposal::team).setHeader("→ team").setAutoWidth(true);
        accounts.addColumn(AccountProposal::reason).setHeader("Why").setFlexGrow(1);
        accounts.setItems(all.accounts());
        var users = new Grid<UserProposal>();
        users.setId("adopt-all-users");
        users.addColumn(UserProposal::cluster).setHeader("Cluster").setAutoWidth(true);
        users.addColumn(UserProposal::slurmUser).setHeader("Slurm user").setAutoWidth(true);
        users.addColumn(UserProposal::username).setHeader("→ person").setAutoWidth(true);
        users.addColumn(UserProposal::reason).setHeader("Why").setFlexGrow(1);
        users.setItems(all.users());
        for (Grid<?> grid : List.of(accounts, users)) {
            grid.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT, GridVariant.LUMO_COMPACT);
            grid.setAllRowsVisible(true);
        }
        var summary = new Paragraph(
                all.isEmpty()
                        ? "Nothing new to adopt: every proposal of every cluster is mapped already or needs a choice."
                        : "Adopting stores these " + all.accounts().size() + " team → account and "
                                + all.users().size() + " person → Slurm user mapping(s). Slurm is not changed: "
                                + "preview and apply each cluster's changes afterwards.");
        summary.setId("adopt-all-summary");
        add(summary, accounts, users);
        if (!all.leftForChoice().isEmpty()) {
            var left = new VerticalLayout();
            left.setId("adopt-all-left");
            left.setPadding(false);
            all.leftForChoice().forEach(l -> left.add(new Span(l)));
            add(new H3("Left for a choice on the cluster's import"), left);
        }
        if (!all.unreadable().isEmpty()) {
            var unreadable = new VerticalLayout();
            unreadable.setId("adopt-all-unreadable");
            unreadable.setPadding(false);
            all.unreadable().forEach((c, why) -> unreadable.add(new Span(c + ": " + why)));
            add(new H3("Clusters that could not be read"), unreadable);
        }
        var confirm = new Button("Adopt " + (all.accounts().size() + all.users().size()), e -> onConfirm.accept(this));
        confirm.setId("adopt-all-confirm");
        confirm.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        confirm.setEnabled(!all.isEmpty());
        var cancel = new Button("Cancel", e -> close());
        getFooter().add(cancel, confirm);
    }
}
