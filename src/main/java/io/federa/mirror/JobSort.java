package io.federa.mirror;

/** The orders the Jobs page offers; each is backed by an index. */
public enum JobSort {
    NEWEST_FIRST,
    OLDEST_FIRST,
    JOB_ID_DESC,
    JOB_ID_ASC
}
