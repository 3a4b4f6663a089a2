package io.federa.notebooks;

import io.federa.shared.Roles;
import java.util.List;
import org.springframework.security.access.prepost.PreAuthorize;

/**
 * The admin-managed choices: notebook images (Kubernetes), Slurm environments, and the bounds of the
 * idle-cull time. Reading is open to every logged-in user; changing is for portal admins.
 */
public interface NotebookCatalog {

    List<NotebookImage> images(NotebookKind kind);

    IdleCullBounds idleCullBounds();

    /** Adds or replaces the image (or environment) of that kind and name. */
    @PreAuthorize("hasRole('" + Roles.PORTAL_ADMIN + "')")
    void save(NotebookImage image);

    @PreAuthorize("hasRole('" + Roles.PORTAL_ADMIN + "')")
    void remove(NotebookKind kind, String name);

    @PreAuthorize("hasRole('" + Roles.PORTAL_ADMIN + "')")
    void setIdleCullBounds(IdleCullBounds bounds);
}
