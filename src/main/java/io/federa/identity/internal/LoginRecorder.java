package io.federa.identity.internal;

import io.federa.identity.CurrentUser;
import io.federa.identity.UserLoggedIn;
import io.federa.shared.Actor;
import io.federa.shared.Actors;
import io.federa.shared.AuditRecord;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores who logged in and tells the other modules (and the audit log), in one transaction; or
 * refuses the login when its account and user name do not match what the portal knows ({@link
 * SubjectBinding}), recording the conflict (committed) for portal admins.
 */
@Service
class LoginRecorder {

    private static final Logger log = LoggerFactory.getLogger(LoginRecorder.class);

    private final PersonRepository people;
    private final SubjectBinding binding;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final Actors actors;
    private final Clock clock;

    LoginRecorder(
            PersonRepository people,
            SubjectBinding binding,
            ApplicationEventPublisher events,
            TransactionTemplate tx,
            Actors actors,
            Clock clock) {
        this.people = people;
        this.binding = binding;
        this.events = events;
        this.tx = tx;
        this.actors = actors;
        this.clock = clock;
    }

    /**
     * A browser login: the security context does not hold the new login yet, so the actor is the user.
     *
     * @throws LoginRefusedException the user name belongs to another account, or the account to
     *     another user name (nothing but the conflict is stored)
     */
    public void record(CurrentUser user) {
        Actor origin = actors.current();
        record(user, Actor.person(user.username()).from(origin.clientAddress(), origin.userAgent()), "browser");
    }

    /**
     * A REST caller's access token, seen for the first time in a while (see {@code BearerLogins}).
     *
     * @throws LoginRefusedException as for {@link #record(CurrentUser)}
     */
    public void recordToken(CurrentUser user, Actor actor) {
        record(user, actor, "access token");
    }

    private void record(CurrentUser user, Actor actor, String via) {
        Optional<String> refusal = tx.execute(status -> {
            Optional<String> conflict = binding.conflict(user.username(), user.subject(), user.displayName());
            if (conflict.isPresent()) {
                return conflict;
            }
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
            return Optional.<String>empty();
        });
        if (refusal != null && refusal.isPresent()) {
            throw new LoginRefusedException(refusal.get());
        }
        log.info("login ({}): {} roles={} groups={}", via, user.username(), user.roles(), user.groups());
    }
}
