package io.federa.models;

import io.federa.shared.Roles;
import java.util.List;
import java.util.Optional;
import org.springframework.security.access.prepost.PreAuthorize;

/** The environments; everyone logged in may read them, portal admins change them. */
public interface ModelEnvironments {

    List<ModelEnvironment> list();

    Optional<ModelEnvironment> find(String name);

    /**
     * Creates or changes an environment.
     *
     * @throws InvalidModelException a field is wrong (the message says which)
     */
    @PreAuthorize("hasRole('" + Roles.PORTAL_ADMIN + "')")
    ModelEnvironment save(ModelEnvironment environment);
}
