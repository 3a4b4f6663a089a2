package io.federa.identity.internal;

import io.federa.identity.CurrentUser;
import io.federa.identity.UserLoggedIn;
import io.federa.shared.Actor;
import io.federa.shared.Actors;
import io.federa.shared.AuditRecord;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Stores who logged in and tells the other modules (and the audit log), in one transaction. */
@Service
class LoginRecorder {

    private static final Logger log = LoggerFactory.getLogger(LoginRecorder.class);

    private final PersonRepository people;
    private final ApplicationEventPublisher events;
    private final Actors actors;
    private final Clock clock;

    LoginRecorder(PersonRepository people, ApplicationEventPublisher events, Actors actors, Clock clock) {
        this.people = people;
        this.events = events;
        this.actors = actors;
        this.clock = clock;
    }

    /** A browser login: the security context does not hold the new login yet, so the actor is the user. */
    @Transactional
    public void record(CurrentUser user) {
        Actor origin = actors.current();
        record(user, Actor.person(user.username()).from(origin.clientAddress(), origin.userAgent()), "browser");
    }

    /** A REST caller's access token, seen for the first time in a while (see {@code BearerLogins}). */
    @Transactional
    public void recordToken(CurrentUser user, Actor actor) {
        record(user, actor, "access token");
    }

    private void record(CurrentUser user, Actor actor, String via) {
        PersonEntity person = people.findById(user.username()).orElseGet(() -> new PersonEntity(user.username()));
        person.loggedIn(user.subject(), user.displayName(), user.email(), clock.instant());
        people.save(person);
        Map<String, String> after = new LinkedHashMap<>();
        after.put("via", via);
        after.put("roles", String.join(",", user.roles()));
        after.put("groups", String.join(",", user.groups()));
        var audit = AuditRecord.success(actor, clock.instant(), "login", "person", user.username())
                .after(after);
        events.publishEvent(new UserLoggedIn(user, audit));
        log.info("login ({}): {} roles={} groups={}", via, user.username(), user.roles(), user.groups());
    }
}
