package io.federa.support;

import io.federa.identity.CurrentUser;
import io.federa.identity.DirectorySync;
import io.federa.identity.UserLoggedIn;
import io.federa.shared.Roles;
import io.federa.shared.SystemTasks;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Puts people and teams into a test's portal database the way production does: a directory sync
 * from the real Keycloak (alice, bob, carol, dave; team-a, team-b), and a login whose groups claim
 * names synthetic teams (as {@code LoginRecorder} publishes it), so tests need not create Keycloak
 * groups that other tests would see.
 */
public final class PortalPeople {

    private PortalPeople() {}

    public static void syncDirectory(DirectorySync directory) {
        SystemTasks.runAsSystem(directory::syncNow);
    }

    /** As if {@code username} (a data scientist) logged in with exactly these groups. */
    public static void loggedIn(
            ApplicationEventPublisher events, TransactionTemplate tx, String username, Set<String> groups) {
        var user = CurrentUser.of("sub-" + username, username, username, "", Set.of(Roles.DATA_SCIENTIST), groups);
        tx.executeWithoutResult(status -> events.publishEvent(new UserLoggedIn(user)));
    }
}
