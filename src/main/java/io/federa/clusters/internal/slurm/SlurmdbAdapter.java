package io.federa.clusters.internal.slurm;

import io.federa.clusters.SlurmAccount;
import io.federa.clusters.SlurmAssociation;
import io.federa.clusters.SlurmError;
import io.federa.clusters.SlurmLimits;
import io.federa.clusters.SlurmQos;
import io.federa.clusters.SlurmUser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * slurmdb (accounting) requests of one REST API version. The shapes every version shares are built
 * and read here: the paths of limits in QOS and association objects are the same from v0.0.38 to
 * v0.0.45 (GrpTRES {@code max.tres.total}, GrpJobs {@code max.jobs.per.count}, ...); numbers are plain
 * ints in v0.0.38 and {@code {"set","infinite","number"}} objects later, which {@link #number} reads
 * both. A version package adds what only it does: how "no limit" is written, the QOS list key, and how
 * accounts and users are created (two calls in v0.0.38, one from v0.0.40).
 */
public abstract class SlurmdbAdapter {

    protected static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final long NO_VAL32 = 0xFFFF_FFFEL;

    protected final JsonMapper json = JsonMapper.builder().build();
    protected final String version;

    protected SlurmdbAdapter(String version) {
        this.version = version;
    }

    /** A write and the errors it may answer although it did what it should (22.05's spurious ones). */
    public record Write(SlurmCall<?> call, Predicate<List<SlurmError>> tolerated) {

        public static Write of(SlurmCall<?> call) {
            return new Write(call, errors -> false);
        }
    }

    /** An association as read, with its JSON (to send its stored TRES limits back unchanged). */
    public record Stored(SlurmAssociation association, JsonNode raw) {}

    // what versions do differently

    /** The key of the QOS list in requests and answers: "QOS" in v0.0.38, "qos" later. */
    protected abstract String qosKey();

    /** A job count limit as the version writes it; null is "no limit". */
    protected abstract JsonNode count(@Nullable Integer value);

    /** Whether a QOS has GrpTRESMins ({@code limits.max.tres.minutes.total}); from v0.0.42. */
    protected abstract boolean qosTresMinutes();

    /** How an account association names its (absent) user in a request. */
    protected abstract void accountAssociationUser(ObjectNode association);

    /** The account (unless {@code accountExists}) and its association on the cluster. */
    public abstract List<Write> createAccount(
            String cluster,
            String account,
            String description,
            String organization,
            String parentAccount,
            List<String> qos,
            @Nullable String defaultQos,
            boolean accountExists);

    /** The user (unless {@code userExists}) and its association with the account on the cluster. */
    public abstract List<Write> addUser(
            String cluster,
            String user,
            String account,
            boolean defaultAccount,
            List<String> qos,
            @Nullable String defaultQos,
            boolean userExists);

    /** Makes {@code account} the default account of an existing user. */
    public Write setDefaultAccount(String user, String account) {
        ObjectNode u = NODES.objectNode().put("name", user);
        u.putObject("default").put("account", account);
        return Write.of(post("/users", wrap("users", u)));
    }

    /** Errors of updating an association that only 22.05 answers although the update happened. */
    protected Predicate<List<SlurmError>> toleratedOnAccountAssociation() {
        return errors -> false;
    }

    /** The collection paths take a trailing slash from v0.0.40 (both work on 24.11+; samples use it). */
    protected String collection(String name) {
        return "/slurmdb/" + version + name;
    }

    // reads

    /** Slurm's name of the cluster behind this slurmrestd ({@code portalName} where slurmdbd has several). */
    public SlurmCall<String> clusterName(String portalName) {
        return SlurmCall.get("/slurmdb/{v}/clusters", "/slurmdb/" + version + "/clusters", body -> {
            JsonNode root = json.readTree(body);
            String fromMeta = text(root.path("meta").path("slurm").path("cluster"));
            if (fromMeta != null) {
                return fromMeta;
            }
            var names = new ArrayList<String>();
            root.path("clusters").forEach(c -> names.add(c.path("name").asString("")));
            if (names.contains(portalName)) {
                return portalName;
            }
            if (names.size() == 1) {
                return names.getFirst();
            }
            throw new IllegalStateException("slurmdbd serves " + names + ", none named " + portalName);
        });
    }

    public SlurmCall<List<SlurmAccount>> accounts() {
        return SlurmCall.get("/slurmdb/{v}/accounts", "/slurmdb/" + version + "/accounts", body -> {
            var result = new ArrayList<SlurmAccount>();
            for (JsonNode a : json.readTree(body).path("accounts")) {
                result.add(new SlurmAccount(
                        a.path("name").asString(), orEmpty(a.path("description")), orEmpty(a.path("organization"))));
            }
            return result;
        });
    }

    public SlurmCall<List<SlurmUser>> users() {
        return SlurmCall.<List<SlurmUser>>get("/slurmdb/{v}/users", "/slurmdb/" + version + "/users", body -> {
                    var result = new ArrayList<SlurmUser>();
                    for (JsonNode u : json.readTree(body).path("users")) {
                        JsonNode level = u.path("administrator_level");
                        String adminLevel = level.isArray()
                                ? (level.isEmpty() ? "None" : level.get(0).asString())
                                : orEmpty(level);
                        result.add(new SlurmUser(
                                u.path("name").asString(),
                                adminLevel.isBlank() ? "None" : adminLevel,
                                text(u.path("default").path("account"))));
                    }
                    return result;
                })
                .withQuery(usersQuery());
    }

    /** What a users query needs to report default accounts (v0.0.40+: {@code with_assocs}). */
    protected Map<String, String> usersQuery() {
        return Map.of();
    }

    /** Associations of the cluster, optionally of one account (and user). */
    public SlurmCall<List<Stored>> associations(String cluster, @Nullable String account, @Nullable String user) {
        var query = new java.util.LinkedHashMap<String, String>();
        query.put("cluster", cluster);
        if (account != null) {
            query.put("account", account);
        }
        if (user != null) {
            query.put("user", user);
        }
        return SlurmCall.<List<Stored>>get(
                        "/slurmdb/{v}/associations", "/slurmdb/" + version + "/associations", body -> {
                            var result = new ArrayList<Stored>();
                            for (JsonNode a : json.readTree(body).path("associations")) {
                                result.add(new Stored(association(a), a));
                            }
                            return result;
                        })
                .withQuery(query);
    }

    public SlurmCall<List<SlurmQos>> qos() {
        return SlurmCall.get("/slurmdb/{v}/qos", "/slurmdb/" + version + "/qos", body -> {
            var result = new ArrayList<SlurmQos>();
            for (JsonNode q : json.readTree(body).path(qosKey())) {
                result.add(qos(q));
            }
            return result;
        });
    }

    static SlurmAssociation association(JsonNode a) {
        JsonNode max = a.path("max");
        JsonNode tres = max.path("tres").path("total");
        JsonNode minutes = max.path("tres").path("group").path("minutes");
        var qos = new ArrayList<String>();
        a.path("qos").forEach(q -> qos.add(q.asString()));
        return new SlurmAssociation(
                a.path("cluster").asString(""),
                a.path("account").asString(""),
                text(a.path("user")),
                text(a.path("partition")),
                text(a.path("parent_account")),
                qos,
                text(a.path("default").path("qos")),
                new SlurmLimits(
                        intValue(tres(tres, "cpu")),
                        intValue(tres(tres, "gres/gpu")),
                        number(max.path("jobs").path("per").path("count")),
                        number(max.path("jobs").path("total")),
                        tres(minutes, "cpu"),
                        tres(minutes, "gres/gpu")));
    }

    static SlurmQos qos(JsonNode q) {
        JsonNode max = q.path("limits").path("max");
        JsonNode tres = max.path("tres").path("total");
        JsonNode minutes = max.path("tres").path("minutes").path("total");
        return new SlurmQos(
                q.path("name").asString(),
                orEmpty(q.path("description")),
                new SlurmLimits(
                        intValue(tres(tres, "cpu")),
                        intValue(tres(tres, "gres/gpu")),
                        number(max.path("active_jobs").path("count")),
                        number(max.path("jobs").path("per").path("user")),
                        tres(minutes, "cpu"),
                        tres(minutes, "gres/gpu")));
    }

    // writes every version builds alike

    /**
     * Creates or updates a QOS with its whole limit set: a limit that is null is written as "no limit",
     * a TRES limit as count -1 when {@code stored} has one (absent TRES are left out: a cluster need not
     * know gres/gpu).
     */
    public Write saveQos(SlurmQos qos, @Nullable SlurmQos stored) {
        SlurmLimits l = qos.limits();
        SlurmLimits was = stored != null ? stored.limits() : SlurmLimits.NONE;
        if (!qosTresMinutes() && (l.grpCpuMinutes() != null || l.grpGpuMinutes() != null)) {
            throw new IllegalArgumentException("REST " + version + " cannot set GrpTRESMins of a QOS");
        }
        ObjectNode q = NODES.objectNode().put("name", qos.name()).put("description", qos.description());
        ObjectNode max = q.putObject("limits").putObject("max");
        ObjectNode tres = max.putObject("tres");
        tres.set(
                "total",
                tresList(toLong(l.grpCpus()), toLong(was.grpCpus()), toLong(l.grpGpus()), toLong(was.grpGpus())));
        if (qosTresMinutes()) {
            tres.putObject("minutes")
                    .set(
                            "total",
                            tresList(l.grpCpuMinutes(), was.grpCpuMinutes(), l.grpGpuMinutes(), was.grpGpuMinutes()));
        }
        max.putObject("active_jobs").set("count", count(l.grpJobs()));
        max.putObject("jobs").putObject("per").set("user", count(l.maxSubmitJobs()));
        return Write.of(post("/qos", wrap(qosKey(), q)));
    }

    /**
     * Sets an association's QOS and default QOS. Its TRES limits are sent as stored: 22.05 crashes on
     * an update that omits one, later versions clear the omitted ones. Other limits are left out, which
     * keeps them in every version.
     */
    public Write setAssociationQos(Stored stored, List<String> qos, @Nullable String defaultQos) {
        SlurmAssociation s = stored.association();
        ObjectNode a = NODES.objectNode().put("cluster", s.cluster()).put("account", s.account());
        if (s.user() != null) {
            a.put("user", s.user());
        } else {
            accountAssociationUser(a);
        }
        if (s.partition() != null) {
            a.put("partition", s.partition());
        }
        if (s.parentAccount() != null) {
            a.put("parent_account", s.parentAccount());
        }
        ArrayNode qosList = a.putArray("qos");
        qos.forEach(qosList::add);
        a.putObject("default").put("qos", defaultQos == null ? "" : defaultQos);
        JsonNode tres = storedTres(stored.raw().path("max").path("tres"));
        if (tres != null) {
            a.putObject("max").set("tres", tres);
        }
        return new Write(
                post("/associations", wrap("associations", a)),
                s.user() == null ? toleratedOnAccountAssociation() : errors -> false);
    }

    public Write deleteAssociation(String cluster, String account, String user) {
        return Write.of(SlurmCall.delete("/slurmdb/{v}/association", collection("/association"), body -> true)
                .withQuery(Map.of("cluster", cluster, "account", account, "user", user)));
    }

    // helpers for the versions

    protected SlurmCall<Boolean> post(String name, JsonNode body) {
        return SlurmCall.post("/slurmdb/{v}" + name, collection(name), json.writeValueAsBytes(body), b -> true);
    }

    protected static ObjectNode wrap(String key, JsonNode element) {
        ObjectNode root = NODES.objectNode();
        root.putArray(key).add(element);
        return root;
    }

    protected static ArrayNode strings(List<String> values) {
        ArrayNode array = NODES.arrayNode();
        values.forEach(array::add);
        return array;
    }

    /** cpu and gres/gpu TRES entries: the value when set, -1 (remove) when only stored, else absent. */
    static ArrayNode tresList(@Nullable Long cpu, @Nullable Long cpuWas, @Nullable Long gpu, @Nullable Long gpuWas) {
        ArrayNode list = NODES.arrayNode();
        if (cpu != null || cpuWas != null) {
            list.addObject().put("type", "cpu").put("count", cpu != null ? cpu : -1);
        }
        if (gpu != null || gpuWas != null) {
            list.addObject().put("type", "gres").put("name", "gpu").put("count", gpu != null ? gpu : -1);
        }
        return list;
    }

    /** The stored TRES lists as a request writes them: entries {type, name, count}, empty lists dropped. */
    static @Nullable JsonNode storedTres(JsonNode node) {
        if (node.isArray()) {
            ArrayNode list = NODES.arrayNode();
            for (JsonNode t : node) {
                if (!t.path("type").isString() || !t.path("count").isNumber()) {
                    continue;
                }
                ObjectNode entry = list.addObject().put("type", t.path("type").asString());
                String name = text(t.path("name"));
                if (name != null) {
                    entry.put("name", name);
                }
                entry.put("count", t.path("count").asLong());
            }
            return list.isEmpty() ? null : list;
        }
        if (node.isObject()) {
            ObjectNode copy = NODES.objectNode();
            for (var field : node.properties()) {
                JsonNode value = storedTres(field.getValue());
                if (value != null) {
                    copy.set(field.getKey(), value);
                }
            }
            return copy.isEmpty() ? null : copy;
        }
        return null;
    }

    /** A count limit: a plain int (v0.0.38, -1 or NO_VAL/INFINITE = none) or a number object. */
    static @Nullable Integer number(JsonNode n) {
        Long value = null;
        if (n.isNumber()) {
            value = n.asLong();
        } else if (n.isObject()
                && n.path("set").asBoolean(false)
                && !n.path("infinite").asBoolean(false)) {
            value = n.path("number").asLong();
        }
        return value == null || value < 0 || value >= NO_VAL32 || value > Integer.MAX_VALUE ? null : value.intValue();
    }

    /** The count of one TRES ("cpu", "gres/gpu") in a TRES list; null when absent or unlimited. */
    static @Nullable Long tres(JsonNode list, String key) {
        for (JsonNode t : list) {
            String type = text(t.path("type"));
            String name = text(t.path("name"));
            String full = name == null ? String.valueOf(type) : type + "/" + name;
            if (full.equalsIgnoreCase(key) && t.path("count").isNumber()) {
                long count = t.path("count").asLong();
                return count < 0 || count >= Long.MAX_VALUE - 1 ? null : count;
            }
        }
        return null;
    }

    private static @Nullable Integer intValue(@Nullable Long value) {
        return value == null || value > Integer.MAX_VALUE ? null : value.intValue();
    }

    private static @Nullable Long toLong(@Nullable Integer value) {
        return value == null ? null : value.longValue();
    }

    /** A string, null when absent, null or blank (v0.0.38 writes null, later versions ""). */
    protected static @Nullable String text(JsonNode node) {
        return node.isString() && !node.asString().isBlank() ? node.asString() : null;
    }

    private static String orEmpty(JsonNode node) {
        String value = text(node);
        return value == null ? "" : value;
    }
}
