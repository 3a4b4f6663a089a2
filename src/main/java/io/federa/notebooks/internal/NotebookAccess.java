package io.federa.notebooks.internal;

import io.federa.identity.CurrentUser;
import io.federa.notebooks.Notebook;
import io.federa.notebooks.NotebookState;
import io.federa.notebooks.internal.proxy.NotebookUpstreams;
import java.net.URI;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Who may go through the proxy to a notebook, and where to (docs/adr/0030-notebooks.md): its owner
 * only; a team mate (or anyone else) is told it does not exist; a portal admin is refused unless the
 * owner shared it. The upstream is only ever the address the portal recorded for the notebook, with
 * its Jupyter token, which never reaches the browser.
 */
@Component
class NotebookAccess implements NotebookUpstreams {

    private final JdbcNotebookStore store;

    NotebookAccess(JdbcNotebookStore store) {
        this.store = store;
    }

    @Override
    public Resolution resolve(String notebookId, CurrentUser caller) {
        Optional<Notebook> found = store.find(notebookId);
        if (found.isEmpty()) {
            return new NotFound();
        }
        Notebook n = found.get();
        if (!n.owner().equals(caller.username())) {
            if (!caller.isPortalAdmin()) {
                return new NotFound();
            }
            if (!n.sharedWithAdmins()) {
                return new Forbidden();
            }
        }
        URI upstream = n.upstream();
        if (n.state() != NotebookState.READY || upstream == null) {
            return new NotReady("Notebook " + n.id() + " is " + n.state().label()
                    + (n.reason().isEmpty() ? "." : ": " + n.reason()));
        }
        return new Open(upstream, store.jupyterToken(n.id()));
    }
}
