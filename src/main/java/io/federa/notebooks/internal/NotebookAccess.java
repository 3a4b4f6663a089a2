package io.federa.notebooks.internal;

import io.federa.identity.CurrentUser;
import io.federa.notebooks.Notebook;
import io.federa.notebooks.NotebookState;
import java.net.URI;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Who may go through the proxy to a notebook, and where to (docs/adr/0030-notebooks.md): its owner
 * only; a team mate (or anyone else) is told it does not exist; a portal admin is refused unless the
 * owner shared it. The upstream is only ever the address the portal recorded for the notebook, with
 * its Jupyter token, which never reaches the browser. The proxy's {@code NotebookUpstreams} answers
 * from this.
 */
@Component
public class NotebookAccess {

    /** What the proxy may do for one request. */
    public sealed interface Answer {

        /** Go to {@code base} (ends with '/', includes Jupyter's base path) with {@code token}. */
        record Open(URI base, String token) implements Answer {

            @Override
            public String toString() {
                return "Open[" + base + ", token=***]";
            }
        }

        record NotFound() implements Answer {}

        record Forbidden() implements Answer {}

        /** The caller's notebook is not ready; {@code why} in plain words. */
        record NotReady(String why) implements Answer {}
    }

    private final JdbcNotebookStore store;

    NotebookAccess(JdbcNotebookStore store) {
        this.store = store;
    }

    public Answer resolve(String notebookId, CurrentUser caller) {
        Optional<Notebook> found = store.find(notebookId);
        if (found.isEmpty()) {
            return new Answer.NotFound();
        }
        Notebook n = found.get();
        if (!n.owner().equals(caller.username())) {
            if (!caller.isPortalAdmin()) {
                return new Answer.NotFound();
            }
            if (!n.sharedWithAdmins()) {
                return new Answer.Forbidden();
            }
        }
        URI upstream = n.upstream();
        if (n.state() != NotebookState.READY || upstream == null) {
            return new Answer.NotReady("Notebook " + n.id() + " is " + n.state().label()
                    + (n.reason().isEmpty() ? "." : ": " + n.reason()));
        }
        return new Answer.Open(upstream, store.jupyterToken(n.id()));
    }
}
