package io.federa.kubernetes.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.federa.identity.CurrentUser;
import io.federa.identity.DirectorySync;
import io.federa.kubernetes.FederaLabels;
import io.federa.kubernetes.KubernetesClusters;
import io.federa.kubernetes.KubernetesFeature;
import io.federa.kubernetes.KubernetesHealth;
import io.federa.kubernetes.KubernetesIT;
import io.federa.kubernetes.KubernetesResources;
import io.federa.kubernetes.MirroredResource;
import io.federa.kubernetes.TeamProfiles;
import io.federa.kubernetes.standin.StandInControllers;
import io.federa.shared.Roles;
import io.federa.shared.SystemTasks;
import io.federa.support.KubernetesTestClusters;
import io.federa.support.PortalPeople;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The watch-fed mirror against the real API server k1: it follows create, update (spec and, through
 * the stand-in controller, status) and delete made with kubectl within one second; it comes through
 * an API server restart and a compacted resourceVersion (410 Gone: it lists again) with exactly what
 * the cluster holds — nothing missed, nothing twice. Only this portal's objects are mirrored, and an
 * object counts for a team only in the team's namespace.
 */
@KubernetesIT
class ResourceMirrorIT {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Duration ONE_SECOND = Duration.ofSeconds(1);
    static final CurrentUser ALICE =
            CurrentUser.of("sub-alice", "alice", "alice", "", Set.of(Roles.DATA_SCIENTIST), Set.of("team-a"));

    static KubernetesTestClusters k8s;
    static StandInControllers standIns;

    @Autowired
    KubernetesClusters registry;

    @Autowired
    KubernetesResources resources;

    @Autowired
    TeamProfiles profiles;

    @Autowired
    ResourceMirror mirror;

    @Autowired
    DirectorySync directory;

    @Autowired
    JdbcClient jdbc;

    /** This portal's name on the clusters (one random value per context: read it from the bean). */
    @Autowired
    KubernetesProperties properties;

    String instance;

    String prefix;

    @BeforeAll
    static void realClusters() {
        k8s = KubernetesTestClusters.require();
    }

    @AfterAll
    static void stopStandIns() {
        if (standIns != null) {
            standIns.close();
        }
    }

    @BeforeEach
    void setUp() {
        instance = properties.instance();
        SystemTasks.runAsSystem(() -> {
            if (registry.overview().stream().noneMatch(c -> c.name().equals("k1"))) {
                registry.register(k8s.settings("k1", KubernetesTestClusters.uniquePattern()));
            }
            registry.setEnabled("k1", true);
            return null;
        });
        PortalPeople.syncDirectory(directory);
        if (standIns == null) {
            standIns = StandInControllers.start(
                    k8s.admin("k1"), ResourceMirror.selectorFor(instance), StandInControllers.all());
        }
        prefix = "nb-" + UUID.randomUUID().toString().substring(0, 6);
        await().atMost(Duration.ofSeconds(30)).until(this::watchingNotebooks);
    }

    @AfterEach
    void deleteNotebooks() {
        k8s.kubectl(
                "k1",
                "delete",
                "notebooks",
                "--all-namespaces",
                "-l",
                FederaLabels.INSTANCE + "=" + instance,
                "--wait=false");
    }

    boolean watchingNotebooks() {
        var overview = registry.overview().stream()
                .filter(c -> c.name().equals("k1"))
                .findFirst()
                .orElseThrow();
        return overview.health().state() == KubernetesHealth.State.UP
                && jdbc.sql("""
                                select count(*) from kubernetes_watches w join kubernetes_clusters c on c.id = w.cluster_id
                                where c.name = 'k1' and w.kind = 'NOTEBOOKS' and w.resource_version is not null
                                  and w.last_error is null""").query(Integer.class).single() == 1;
    }

    String namespace(String team) {
        return profiles.profileName("k1", team);
    }

    /** A Notebook of this portal for {@code team}, owned by {@code owner}, in {@code namespace}. */
    String notebook(String name, String namespace, String team, String owner, String image) {
        return """
                apiVersion: kubeflow.org/v1
                kind: Notebook
                metadata:
                  name: %s
                  namespace: %s
                  labels:
                    federa.io/managed-by: federa
                    federa.io/instance: %s
                    federa.io/team: %s
                    federa.io/owner: %s
                spec:
                  template:
                    spec:
                      containers:
                      - name: notebook
                        image: %s
                        resources:
                          requests: {cpu: "1", memory: 2Gi}
                """.formatted(name, namespace, instance, team, owner, image);
    }

    void apply(String yaml) {
        k8s.kubectlWithInput("k1", yaml, "apply", "-f", "-");
    }

    /** The mirrored Notebooks of this test, by name (from the database; never the API server). */
    Map<String, MirroredResource> mirrored() {
        var byName = new TreeMap<String, MirroredResource>();
        SystemTasks.runAsSystem(() -> resources.visibleTo(admin())).stream()
                .filter(r -> r.cluster().equals("k1")
                        && r.kind() == KubernetesFeature.NOTEBOOKS
                        && r.name().startsWith(prefix))
                .forEach(r -> byName.put(r.name(), r));
        return byName;
    }

    static CurrentUser admin() {
        return CurrentUser.of("sub-carol", "carol", "carol", "", Set.of(Roles.PORTAL_ADMIN), Set.of());
    }

    /** What the API server holds: name -> resourceVersion, for this test's Notebooks. */
    Map<String, String> onCluster() {
        JsonNode list = JSON.readTree(k8s.kubectl(
                "k1",
                "get",
                "notebooks",
                "--all-namespaces",
                "-l",
                FederaLabels.INSTANCE + "=" + instance,
                "-o",
                "json"));
        var byName = new TreeMap<String, String>();
        list.path("items").forEach(item -> {
            String name = item.path("metadata").path("name").asString();
            if (name.startsWith(prefix)) {
                byName.put(name, item.path("metadata").path("resourceVersion").asString());
            }
        });
        return byName;
    }

    Map<String, String> mirroredVersions() {
        var byName = new TreeMap<String, String>();
        mirrored().forEach((name, r) -> byName.put(name, r.resourceVersion()));
        return byName;
    }

    static String image(MirroredResource r) {
        return JSON.readTree(r.specJson())
                .path("template")
                .path("spec")
                .path("containers")
                .path(0)
                .path("image")
                .asString();
    }

    @Test
    void the_mirror_follows_create_update_and_delete_made_with_kubectl_within_one_second() {
        String nb = prefix + "-a";
        String ns = namespace("team-a");

        apply(notebook(nb, ns, "team-a", "alice", "jupyter/minimal:1"));
        await().atMost(ONE_SECOND)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> mirrored().containsKey(nb));
        MirroredResource created = mirrored().get(nb);
        assertThat(created.team()).isEqualTo("team-a");
        assertThat(created.owner()).isEqualTo("alice");
        assertThat(created.namespace()).isEqualTo(ns);
        assertThat(image(created)).isEqualTo("jupyter/minimal:1");
        // alice sees it as her team's; the stand-in's status arrives through the same watch
        assertThat(resources.ofTeam(ALICE, "team-a"))
                .extracting(MirroredResource::name)
                .contains(nb);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(JSON.readTree(mirrored().get(nb).statusJson())
                                .path("readyReplicas")
                                .asInt())
                        .isEqualTo(1));

        k8s.kubectl(
                "k1",
                "-n",
                ns,
                "patch",
                "notebook",
                nb,
                "--type",
                "json",
                "-p",
                "[{\"op\":\"replace\",\"path\":\"/spec/template/spec/containers/0/image\",\"value\":\"jupyter/minimal:2\"}]");
        await().atMost(ONE_SECOND)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> image(mirrored().get(nb)).equals("jupyter/minimal:2"));

        k8s.kubectl("k1", "-n", ns, "delete", "notebook", nb, "--wait=false");
        await().atMost(ONE_SECOND)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> !mirrored().containsKey(nb));
    }

    @Test
    void only_this_portals_objects_are_mirrored_and_a_team_counts_only_in_its_namespace() {
        String stray = prefix + "-stray";
        String foreign = prefix + "-foreign";
        // labelled team-a but living in team-b's namespace: mirrored, but nobody's
        apply(notebook(stray, namespace("team-b"), "team-a", "alice", "jupyter/minimal:1"));
        // another portal's object (another instance label): not mirrored at all
        apply(notebook(foreign, namespace("team-a"), "team-a", "alice", "jupyter/minimal:1")
                .replace("federa.io/instance: " + instance, "federa.io/instance: someone-else"));
        await().atMost(Duration.ofSeconds(5)).until(() -> mirrored().containsKey(stray));
        assertThat(mirrored().get(stray).team()).isNull();
        assertThat(mirrored()).doesNotContainKey(foreign);
        assertThat(resources.ofTeam(ALICE, "team-a"))
                .extracting(MirroredResource::name)
                .doesNotContain(stray, foreign);
        k8s.kubectl("k1", "-n", namespace("team-a"), "delete", "notebook", foreign, "--wait=false");
    }

    @Test
    void the_mirror_comes_through_an_api_server_restart_with_nothing_missed_and_nothing_twice() {
        String ns = namespace("team-a");
        for (String n : new String[] {"-1", "-2", "-3"}) {
            apply(notebook(prefix + n, ns, "team-a", "alice", "jupyter/minimal:1"));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> mirrored().size() == 3);

        k8s.apiServer("stop", "k1");
        k8s.apiServer("start", "k1");
        // changes right after the restart, while the watch is reconnecting
        apply(notebook(prefix + "-4", ns, "team-a", "alice", "jupyter/minimal:1"));
        k8s.kubectl("k1", "-n", ns, "label", "notebook", prefix + "-1", "touched=yes");
        k8s.kubectl("k1", "-n", ns, "delete", "notebook", prefix + "-2", "--wait=false");

        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(mirroredVersions()).isEqualTo(onCluster()));
        assertThat(mirrored().keySet()).containsExactly(prefix + "-1", prefix + "-3", prefix + "-4");
        assertThat(mirrored().get(prefix + "-1").labels()).containsEntry("touched", "yes");
        assertThat(jdbc.sql("""
                                select count(*) from kubernetes_resources r join kubernetes_clusters c on c.id = r.cluster_id
                                where c.name = 'k1' and r.kind = 'NOTEBOOKS' and r.name like :p""").param("p", prefix + "%").query(Integer.class).single())
                .isEqualTo(3);
    }

    @Test
    void a_watch_that_resumes_from_a_compacted_version_gets_410_and_lists_again() {
        String ns = namespace("team-a");
        apply(notebook(prefix + "-keep", ns, "team-a", "alice", "jupyter/minimal:1"));
        apply(notebook(prefix + "-gone", ns, "team-a", "alice", "jupyter/minimal:1"));
        await().atMost(Duration.ofSeconds(5)).until(() -> mirrored().size() == 2);
        int relists = relists();

        // the portal stops watching k1; meanwhile objects change and etcd forgets the history
        SystemTasks.runAsSystem(() -> {
            registry.setEnabled("k1", false);
            return null;
        });
        mirror.tick(); // closes k1's watches now (the scheduled tick would within 250 ms)
        k8s.kubectl("k1", "-n", ns, "delete", "notebook", prefix + "-gone", "--wait=false");
        k8s.kubectl("k1", "-n", ns, "label", "notebook", prefix + "-keep", "touched=yes");
        apply(notebook(prefix + "-new", ns, "team-a", "alice", "jupyter/minimal:1"));
        k8s.compactEtcd("k1");
        // a fresh API server has no watch cache of older versions: the stored version is too old
        k8s.apiServer("stop", "k1");
        k8s.apiServer("start", "k1");
        SystemTasks.runAsSystem(() -> {
            registry.setEnabled("k1", true);
            return null;
        });

        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    assertThat(relists()).isGreaterThan(relists);
                    assertThat(mirroredVersions()).isEqualTo(onCluster());
                });
        assertThat(mirrored().keySet()).containsExactly(prefix + "-keep", prefix + "-new");
        assertThat(mirrored().get(prefix + "-keep").labels()).containsEntry("touched", "yes");
    }

    int relists() {
        return jdbc.sql("""
                        select w.relists from kubernetes_watches w join kubernetes_clusters c on c.id = w.cluster_id
                        where c.name = 'k1' and w.kind = 'NOTEBOOKS'""").query(Integer.class).single();
    }
}
