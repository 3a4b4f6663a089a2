package io.federa.shared;

import java.util.Set;

/**
 * Portal roles. They are Keycloak realm roles of the same name (the {@code roles} claim); in Spring
 * Security they become authorities {@code ROLE_<name>}, so views use {@code @RolesAllowed(Roles.X)}.
 */
public final class Roles {

    public static final String PORTAL_ADMIN = "portal-admin";
    public static final String DATA_SCIENTIST = "data-scientist";
    public static final String APPROVER = "approver";

    /** The realm roles that mean something to the portal; others in the token are ignored. */
    public static final Set<String> ALL = Set.of(PORTAL_ADMIN, DATA_SCIENTIST, APPROVER);

    public static final String AUTHORITY_PREFIX = "ROLE_";

    private Roles() {}
}
