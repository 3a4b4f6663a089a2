package io.federa.notebooks.internal.proxy;

import io.federa.identity.CurrentUser;
import java.net.URI;

/**
 * Where the proxy may send a notebook's requests, and whether this caller may go there. Implemented by
 * the notebooks module with its access rules (the owner only; a team mate gets {@link NotFound}, an
 * admin {@link Forbidden} unless the owner shares). The proxy never sends a request anywhere else than
 * {@link Open#base()}: nothing in the browser's request chooses the host, the port or the base path.
 */
public interface NotebookUpstreams {

    Resolution resolve(String notebookId, CurrentUser caller);

    sealed interface Resolution permits Open, NotFound, Forbidden, NotReady {}

    /**
     * The notebook answers at {@code base} (ends with '/', includes Jupyter's base path, e.g.
     * {@code http://127.0.0.1:8888/notebook/team-a/nb/}); {@code token} is Jupyter's own token, sent
     * upstream as {@code Authorization: token …} and never to the browser.
     */
    record Open(URI base, String token) implements Resolution {
        public Open {
            if (!base.isAbsolute() || !base.getRawPath().endsWith("/") || base.getRawQuery() != null) {
                throw new IllegalArgumentException("a notebook's base is an absolute URI ending with '/': " + base);
            }
            if (token.isBlank()) {
                throw new IllegalArgumentException("a notebook's token may not be blank");
            }
        }

        @Override
        public String toString() {
            return "Open[base=" + base + ", token=…]";
        }
    }

    /** No such notebook for this caller (also what a team mate gets: the notebook's existence is not told). */
    record NotFound() implements Resolution {}

    /** The caller knows the notebook exists but may not open it (an admin, unless the owner shares it). */
    record Forbidden() implements Resolution {}

    /** The notebook exists and is the caller's, but it does not answer yet (or any more); {@code why} is shown. */
    record NotReady(String why) implements Resolution {}
}
