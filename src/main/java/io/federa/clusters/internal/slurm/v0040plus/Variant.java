package io.federa.clusters.internal.slurm.v0040plus;

/**
 * What sets one API version from v0.0.40 on apart from the others, as data. Everything not named
 * here is the same in all of them (recorded from Slurm 24.11.5 and 26.05.5, see
 * {@code reference/slurm-newer/shapes/}). A new version that only adds fields is one more constant
 * (and one bean in {@link NewerSlurmAdapters}).
 *
 * @param outputPaths how {@code standard_output} of a job comes back
 * @param ping which field of a ping entry says that the controller answers
 * @param sharing how a submission asks for whole nodes
 * @param qosTresMinutes whether a QOS has GrpTRESMins ({@code limits.max.tres.minutes.total}, from
 *     v0.0.42 in the specs of 24.11.5 and 26.05.5)
 */
public enum Variant {
    V0040("v0.0.40", OutputPaths.EXPANDED, Ping.PINGED, Sharing.EXCLUSIVE, false),
    V0041("v0.0.41", OutputPaths.EXPANDED, Ping.PINGED, Sharing.EXCLUSIVE, false),
    V0042("v0.0.42", OutputPaths.EXPANDED, Ping.RESPONDING, Sharing.SHARED, true),
    V0043("v0.0.43", OutputPaths.RAW_AND_EXPANDED, Ping.RESPONDING, Sharing.SHARED, true),
    V0044("v0.0.44", OutputPaths.RAW_AND_EXPANDED, Ping.RESPONDING, Sharing.SHARED, true),
    V0045("v0.0.45", OutputPaths.RAW_AND_EXPANDED, Ping.RESPONDING, Sharing.SHARED, true);

    private final String version;
    private final OutputPaths outputPaths;
    private final Ping ping;
    private final Sharing sharing;
    private final boolean qosTresMinutes;

    Variant(String version, OutputPaths outputPaths, Ping ping, Sharing sharing, boolean qosTresMinutes) {
        this.version = version;
        this.outputPaths = outputPaths;
        this.ping = ping;
        this.sharing = sharing;
        this.qosTresMinutes = qosTresMinutes;
    }

    boolean qosTresMinutes() {
        return qosTresMinutes;
    }

    public String version() {
        return version;
    }

    OutputPaths outputPaths() {
        return outputPaths;
    }

    Ping ping() {
        return ping;
    }

    Sharing sharing() {
        return sharing;
    }

    /** How the controller reports a job's output file. */
    enum OutputPaths {
        /** {@code standard_output} already expanded ({@code /tmp/slurm-75.out}); v0.0.40–v0.0.42. */
        EXPANDED,
        /**
         * {@code standard_output} as submitted ({@code slurm-%j.out}) and {@code stdout_expanded}
         * beside it; from v0.0.43.
         */
        RAW_AND_EXPANDED
    }

    /** The field of a ping entry that says the controller answers. */
    enum Ping {
        /** {@code "pinged": "UP"} (v0.0.40, v0.0.41). */
        PINGED,
        /** {@code "responding": true} (from v0.0.42; v0.0.45 drops {@code pinged}). */
        RESPONDING
    }

    /** How a submission asks for whole nodes. */
    enum Sharing {
        /** {@code "exclusive": ["true"]} (v0.0.40, v0.0.41). */
        EXCLUSIVE,
        /** {@code "shared": ["none"]} (from v0.0.42, where {@code exclusive} and {@code oversubscribe} are gone). */
        SHARED
    }
}
