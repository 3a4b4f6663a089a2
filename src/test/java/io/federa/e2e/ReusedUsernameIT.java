package io.federa.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import io.federa.access.PersonSlurmUsers;
import io.federa.identity.LoginConflicts;
import io.federa.shared.SystemTasks;
import io.federa.support.Browser;
import io.federa.support.FederaIntegrationTest;
import io.federa.support.KeycloakAdmin;
import io.federa.support.PortalWithClusters;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A person is their OIDC subject: a user name deleted and re-created in Keycloak is a new account,
 * which must not inherit the earlier person's Slurm users, teams and runs.
 */
@FederaIntegrationTest
class ReusedUsernameIT extends PortalWithClusters {

    @Autowired
    PersonSlurmUsers slurmUsers;

    @Autowired
    LoginConflicts conflicts;

    @Test
    void a_re_created_user_name_is_refused_until_an_admin_resolves_it_and_never_inherits_the_slurm_user() {
        var keycloak = new KeycloakAdmin();
        String name = "reused-" + System.nanoTime() % 100_000;
        String first = keycloak.createUser(name);
        String second = null;
        try {
            keycloak.setPassword(first, name);
            Page page = browser.newPage();
            Browser.logIn(page, portal(), name);
            page.context().close();
            SystemTasks.runAsSystem(() -> {
                slurmUsers.map("c1", name, "alice");
                return null;
            });

            // the earlier account is deleted; a new one gets the same user name
            keycloak.deleteUser(first);
            first = null;
            second = keycloak.createUser(name);
            keycloak.setPassword(second, name);

            Page refused = browser.newPage();
            submitLogin(refused, name);
            refused.waitForURL(Pattern.compile(Pattern.quote(portal()) + "/login-refused.*"));
            assertThat(refused.locator("#login-refused"))
                    .containsText("The user name " + name + " belonged to an earlier account");
            assertThat(refused.locator("#login-refused")).containsText("portal admin");
            Browser.screenshot(refused, "login-refused-reused-username");
            refused.context().close();
            assertThat(SystemTasks.runAsSystem(conflicts::open))
                    .anySatisfy(c -> assertThat(c.username()).isEqualTo(name));

            // a portal admin gives the user name to the new account; the earlier person's mapping goes
            SystemTasks.runAsSystem(() -> {
                conflicts.giveUsernameToNewAccount(name);
                return null;
            });
            assertThat(slurmUsers.slurmUserOf("c1", name)).isEmpty();
            assertThat(SystemTasks.runAsSystem(conflicts::open))
                    .noneMatch(c -> c.username().equals(name));

            Page welcome = browser.newPage();
            Browser.logIn(welcome, portal(), name);
            assertThat(welcome.locator("#who-am-i")).containsText(name);
            welcome.context().close();
            assertThat(slurmUsers.slurmUserOf("c1", name)).as("not inherited").isEmpty();
        } finally {
            if (first != null) {
                keycloak.deleteUser(first);
            }
            if (second != null) {
                keycloak.deleteUser(second);
            }
        }
    }

    private void submitLogin(Page page, String user) {
        page.navigate(portal() + "/");
        page.waitForURL(Browser.KEYCLOAK_LOGIN);
        page.locator("#username").fill(user);
        page.locator("#password").fill(user);
        page.locator("#kc-login").click();
    }
}
