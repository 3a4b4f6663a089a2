package io.federa.identity.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Keeps each user name bound to one account of the identity provider, its OIDC subject
 * (docs/adr/0018-people-are-their-oidc-subject.md). A user name whose person is bound to another
 * subject (deleted and re-created for someone else), or a subject the portal knows under another user
 * name (renamed), is a conflict: recorded for portal admins and refused until one resolves it.
 */
@Component
class SubjectBinding {

    private static final Logger log = LoggerFactory.getLogger(SubjectBinding.class);

    private final PersonRepository people;
    private final JdbcClient jdbc;
    private final Clock clock;

    SubjectBinding(PersonRepository people, JdbcClient jdbc, Clock clock) {
        this.people = people;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Empty when {@code subject} may use {@code username}; else records the conflict and says, in
     * words for the person, why the login is refused.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    Optional<String> conflict(String username, String subject, String displayName) {
        String known = people.findById(username).map(PersonEntity::subject).orElse(null);
        String heldBy = people.findBySubject(subject)
                .map(PersonEntity::username)
                .filter(other -> !other.equals(username))
                .orElse(null);
        boolean reused = known != null && !known.equals(subject);
        if (!reused && heldBy == null) {
            return Optional.empty();
        }
        record(username, subject, known, heldBy, displayName);
        log.warn(
                "login conflict: user name {} {}; refused until a portal admin resolves it",
                username,
                reused ? "belongs to another account than before" : "is an account the portal knows as " + heldBy);
        String confirm = "a portal admin must confirm the change first (Admin › Teams › Login conflicts). Ask your "
                + "portal admin, then log in again.";
        return Optional.of(
                reused
                        ? "The user name " + username + " belonged to an earlier account in this portal, and the "
                                + "identity provider now gives it to another account. So that this account does not "
                                + "inherit the earlier person's Slurm users and teams, " + confirm
                        : "This account was known to this portal as " + heldBy + " and now logs in as " + username
                                + ". So that nothing passes between the two user names unseen, " + confirm);
    }

    private void record(
            String username, String subject, @Nullable String known, @Nullable String heldBy, String displayName) {
        jdbc.sql("""
                        insert into login_conflicts (username, new_subject, known_subject, held_by, display_name, seen_at)
                        values (:u, :s, :known, :held, :name, :now)
                        on conflict (username) do update set new_subject = excluded.new_subject,
                            known_subject = excluded.known_subject, held_by = excluded.held_by,
                            display_name = excluded.display_name, seen_at = excluded.seen_at""")
                .param("u", username)
                .param("s", subject)
                .param("known", known)
                .param("held", heldBy)
                .param("name", displayName)
                .param("now", Timestamp.from(clock.instant()))
                .update();
    }
}
