package io.federa.shared;

import java.time.Clock;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes audit events that are not part of a change the caller commits: a refusal (whose own
 * transaction, if any, is about to roll back), a logout. Each gets a short transaction of its own, so
 * the event publication registry keeps it until the audit log has it. Events that belong to a change
 * are published with {@code ApplicationEventPublisher} inside that change's transaction instead.
 */
@Component
public class AuditEvents {

    private final ApplicationEventPublisher events;
    private final TransactionTemplate ownTx;
    private final Actors actors;
    private final Clock clock;

    AuditEvents(ApplicationEventPublisher events, PlatformTransactionManager transactions, Actors actors, Clock clock) {
        this.events = events;
        this.ownTx = new TransactionTemplate(transactions);
        this.ownTx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.actors = actors;
        this.clock = clock;
    }

    /** A successful action of the current actor, now: add team, before, after (or refuse, fail) and publish. */
    public AuditRecord record(String action, String resourceType, String resourceId) {
        return AuditRecord.success(actors.current(), clock.instant(), action, resourceType, resourceId);
    }

    /**
     * Like {@link #record}, for work handed in with an explicit person: when the security context holds
     * no caller (the actor is the system), the record names {@code username} instead.
     */
    public AuditRecord recordFor(@Nullable String username, String action, String resourceType, String resourceId) {
        AuditRecord r = record(action, resourceType, resourceId);
        Actor actor = r.actor();
        if (actor.kind() == Actor.Kind.SYSTEM && username != null && !username.equals(actor.name())) {
            return AuditRecord.success(
                    Actor.person(username).from(actor.clientAddress(), actor.userAgent()),
                    r.at(),
                    action,
                    resourceType,
                    resourceId);
        }
        return r;
    }

    /** Publishes {@code event} in a transaction of its own. */
    public void publishAlone(AuditableEvent event) {
        ownTx.executeWithoutResult(s -> events.publishEvent(event));
    }

    /** Records that the current actor was refused {@code request} ("GET /admin/quotas") because {@code why}. */
    public void refused(String request, String why) {
        publishAlone(
                new AccessRefused(record("access.refused", "request", request).refused(why)));
    }
}
