package io.federa.templates;

import io.federa.identity.CurrentUser;
import io.federa.shared.Roles;
import java.util.List;
import java.util.Optional;
import org.springframework.security.access.prepost.PreAuthorize;

/**
 * Admin-defined run templates: portal admins manage them, everyone who belongs to a team (and every
 * portal admin) reads them. Rendering is {@link TemplateRendering} (pure, no shell).
 */
public interface RunTemplates {

    /** Every template, by name; empty for a user in no team. */
    List<RunTemplate> list(CurrentUser user);

    Optional<RunTemplate> find(CurrentUser user, String id);

    /**
     * Creates or replaces the template with {@code template.id()}.
     *
     * @throws TemplateRefusedException when the template is not valid (the problems say what to fix)
     */
    @PreAuthorize("hasRole('" + Roles.PORTAL_ADMIN + "')")
    RunTemplate save(CurrentUser admin, RunTemplate template);

    /** Removes the template; runs made from it keep their script and params. */
    @PreAuthorize("hasRole('" + Roles.PORTAL_ADMIN + "')")
    void delete(String id);
}
