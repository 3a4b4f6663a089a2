package io.federa.identity;

import java.util.Collection;
import java.util.Map;

/** Read access to the people the portal knows. */
public interface People {

    /** The known people among {@code usernames}, keyed by username; unknown names are absent. */
    Map<String, Person> byUsernames(Collection<String> usernames);
}
