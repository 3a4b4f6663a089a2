package io.federa.identity.internal;

import io.federa.identity.LoginConflicts;
import io.federa.identity.PersonReplaced;
import io.federa.shared.NotAllowedException;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The conflicts {@link SubjectBinding} recorded, and their resolution by a portal admin (ADR 18). */
@Service
class JdbcLoginConflicts implements LoginConflicts {

    private static final Logger log = LoggerFactory.getLogger(JdbcLoginConflicts.class);

    private final JdbcClient jdbc;
    private final PersonRepository people;
    private final ApplicationEventPublisher events;

    JdbcLoginConflicts(JdbcClient jdbc, PersonRepository people, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.people = people;
        this.events = events;
    }

    @Override
    @Transactional(readOnly = true)
    public List<Conflict> open() {
        return jdbc.sql("select * from login_conflicts order by username")
                .query((rs, n) -> new Conflict(
                        rs.getString("username"),
                        rs.getString("held_by"),
                        rs.getString("display_name"),
                        rs.getTimestamp("seen_at").toInstant()))
                .list();
    }

    @Override
    @Transactional
    public void giveUsernameToNewAccount(String username) {
        record Row(String subject, @Nullable String heldBy) {}
        Row row = jdbc.sql("select new_subject, held_by from login_conflicts where username = :u for update")
                .param("u", username)
                .query((rs, n) -> new Row(rs.getString("new_subject"), rs.getString("held_by")))
                .optional()
                .orElseThrow(() -> new NotAllowedException("There is no login conflict for " + username + "."));
        // a renamed account: its old user name keeps nothing of it
        if (row.heldBy() != null) {
            people.findById(row.heldBy())
                    .filter(p -> row.subject().equals(p.subject()))
                    .ifPresent(p -> {
                        p.unbind();
                        people.saveAndFlush(p);
                        events.publishEvent(new PersonReplaced(p.username()));
                    });
        }
        PersonEntity person = people.findById(username).orElseGet(() -> new PersonEntity(username));
        person.unbind();
        person.bindTo(row.subject());
        people.save(person);
        events.publishEvent(new PersonReplaced(username));
        jdbc.sql("delete from login_conflicts where username = :u")
                .param("u", username)
                .update();
        log.info("login conflict resolved: user name {} now belongs to the account that logged in with it", username);
    }
}
