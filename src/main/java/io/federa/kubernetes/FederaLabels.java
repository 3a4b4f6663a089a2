package io.federa.kubernetes;

/**
 * The labels on every custom resource the portal creates. The mirror watches exactly the objects
 * labelled {@link #MANAGED_BY}={@link #MANAGED_BY_VALUE} and {@link #INSTANCE}= this portal's
 * {@code federa.kubernetes.instance}, so two portals (or test runs) on one cluster never see each
 * other's objects.
 */
public final class FederaLabels {

    public static final String MANAGED_BY = "federa.io/managed-by";
    public static final String MANAGED_BY_VALUE = "federa";
    public static final String INSTANCE = "federa.io/instance";
    public static final String TEAM = "federa.io/team";
    public static final String OWNER = "federa.io/owner";

    private FederaLabels() {}
}
