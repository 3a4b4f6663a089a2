package io.federa.shared;

import java.util.List;
import org.springframework.security.access.prepost.PreAuthorize;

/**
 * One module's part of what needs a portal admin's attention (a Spring bean; the landing page asks
 * every such bean). Portal-wide, so for portal admins only; reads the database only, never a cluster,
 * so that a landing page stays quick while a cluster is down.
 */
public interface AttentionSource {

    String PORTAL_ADMIN = "hasRole('" + Roles.PORTAL_ADMIN + "')";

    /** What needs attention now, most important first; empty when all is well. */
    @PreAuthorize(PORTAL_ADMIN)
    List<Attention> attention();
}
