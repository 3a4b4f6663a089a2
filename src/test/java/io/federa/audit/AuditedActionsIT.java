package io.federa.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.federa.clusters.AuthMode;
import io.federa.clusters.ClusterRegistry;
import io.federa.clusters.ClusterSettings;
import io.federa.identity.DirectorySync;
import io.federa.quota.NotebookLimits;
import io.federa.quota.NotebookQuotas;
import io.federa.shared.Actor;
import io.federa.shared.AuditRecord.Outcome;
import io.federa.shared.Roles;
import io.federa.support.AuditTrail;
import io.federa.support.FederaIntegrationTest;
import io.federa.support.PortalPeople;
import io.federa.support.SignedIn;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Each audited action of the cluster registry and of the notebook quotas leaves exactly one entry
 * with who, what and the outcome, and never the cluster's secret (not in the entry, not in an export).
 * Permission applies and quota pushes are checked where they run against real Slurm
 * (ClusterPermissionsIT, QuotaQosPushIT); logins, logouts and refused pages in AuditPagesIT; API
 * refusals and token logins in ApiIT and ApiScriptIT.
 */
@FederaIntegrationTest
class AuditedActionsIT {

    @Autowired
    ClusterRegistry registry;

    @Autowired
    NotebookQuotas notebookQuotas;

    @Autowired
    AuditLog auditLog;

    @Autowired
    DirectorySync directory;

    static String key() {
        byte[] bytes = new byte[32];
        new java.security.SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Test
    void registering_changing_and_disabling_a_cluster_are_each_audited_once_without_the_secret() throws Exception {
        String name = "audited-" + UUID.randomUUID().toString().substring(0, 8);
        String firstKey = key();
        String secondKey = key();
        SignedIn.as("carol", Roles.PORTAL_ADMIN, () -> {
            registry.register(new ClusterSettings(
                    name, URI.create("http://127.0.0.1:1"), AuthMode.JWT_KEY, firstKey, "federa", null));
            registry.update(new ClusterSettings(
                    name, URI.create("http://127.0.0.1:2"), AuthMode.JWT_KEY, secondKey, "federa", "v0.0.38"));
            registry.setEnabled(name, false);
        });

        AuditEntry registered =
                AuditTrail.exactlyOne(auditLog, "cluster.registered", "cluster", name, "carol", Outcome.SUCCESS);
        assertThat(registered.actor().kind()).isEqualTo(Actor.Kind.PERSON);
        assertThat(registered.after())
                .containsEntry("restUrl", "http://127.0.0.1:1")
                .containsEntry("authMode", "JWT_KEY")
                .containsEntry("secret", "set");
        AuditEntry changed =
                AuditTrail.exactlyOne(auditLog, "cluster.changed", "cluster", name, "carol", Outcome.SUCCESS);
        assertThat(changed.before())
                .containsEntry("restUrl", "http://127.0.0.1:1")
                .containsEntry("pinnedApiVersion", "");
        assertThat(changed.after())
                .containsEntry("restUrl", "http://127.0.0.1:2")
                .containsEntry("pinnedApiVersion", "v0.0.38")
                .containsEntry("secret", "replaced");
        AuditEntry disabled =
                AuditTrail.exactlyOne(auditLog, "cluster.disabled", "cluster", name, "carol", Outcome.SUCCESS);
        assertThat(disabled.before()).containsEntry("enabled", "true");
        assertThat(disabled.after()).containsEntry("enabled", "false");

        // the keys appear nowhere: not in the entries, not in either export
        for (AuditEntry e : java.util.List.of(registered, changed, disabled)) {
            assertThat(e.toString()).doesNotContain(firstKey).doesNotContain(secondKey);
        }
        for (AuditLog.ExportFormat format : AuditLog.ExportFormat.values()) {
            var out = new ByteArrayOutputStream();
            SignedIn.as("carol", Roles.PORTAL_ADMIN, () -> {
                try {
                    auditLog.export(AuditQuery.any(), format, out);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            String export = out.toString(StandardCharsets.UTF_8);
            assertThat(export).contains(name).doesNotContain(firstKey).doesNotContain(secondKey);
        }
    }

    @Test
    void setting_and_clearing_a_teams_notebook_limits_are_audited_once_each_with_before_and_after() {
        String team = "nb-" + UUID.randomUUID().toString().substring(0, 8);
        SignedIn.as("carol", Roles.PORTAL_ADMIN, () -> {
            notebookQuotas.setTeamLimits(team, new NotebookLimits(1, 4));
            notebookQuotas.clearTeamLimits(team);
        });
        AuditEntry set =
                AuditTrail.exactlyOne(auditLog, "notebook-quota.set", "notebook-quota", team, "carol", Outcome.SUCCESS);
        assertThat(set.team()).isEqualTo(team);
        assertThat(set.after()).containsEntry("maxPerPerson", "1").containsEntry("maxPerTeam", "4");
        AuditEntry cleared = AuditTrail.exactlyOne(
                auditLog, "notebook-quota.cleared", "notebook-quota", team, "carol", Outcome.SUCCESS);
        assertThat(cleared.before()).containsEntry("maxPerTeam", "4");
        assertThat(cleared.after()).isEmpty();
    }

    @Test
    void only_admins_read_everything_and_a_team_admin_reads_only_their_teams_entries() {
        PortalPeople.syncDirectory(directory); // alice administers team-a (the group's team-admins attribute)
        SignedIn.as("carol", Roles.PORTAL_ADMIN, () -> {
            notebookQuotas.setTeamLimits("team-a", new NotebookLimits(2, 6));
            notebookQuotas.setTeamLimits("team-b", new NotebookLimits(2, 6));
        });
        AuditTrail.exactlyOne(auditLog, "notebook-quota.set", "notebook-quota", "team-b", "carol", Outcome.SUCCESS);
        var alices = SignedIn.as("alice", Roles.DATA_SCIENTIST, () -> auditLog.page(AuditQuery.any(), null, 1000));
        assertThat(alices).isNotEmpty().allSatisfy(e -> assertThat(e.team()).isEqualTo("team-a"));
        assertThat(SignedIn.as("alice", Roles.DATA_SCIENTIST, auditLog::mayReadAll))
                .isFalse();
        // bob is in team-b but administers no team
        assertThat(SignedIn.as("bob", Roles.DATA_SCIENTIST, auditLog::mayRead)).isFalse();
        assertThat(SignedIn.as("carol", Roles.PORTAL_ADMIN, auditLog::mayReadAll))
                .isTrue();
        // nobody in particular: no team of theirs, no role
        assertThat(SignedIn.as("nobody-" + UUID.randomUUID(), Roles.DATA_SCIENTIST, auditLog::mayRead))
                .isFalse();
        assertThat(SignedIn.as(
                        "nobody-" + UUID.randomUUID(),
                        Roles.DATA_SCIENTIST,
                        () -> auditLog.page(AuditQuery.any(), null, 10)))
                .isEmpty();
    }
}
