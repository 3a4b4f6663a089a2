package io.federa.clusters.internal.slurm;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * The REST API versions the portal speaks (one adapter each), and the choice per cluster: the newest
 * version both sides speak, or the pinned one. What a cluster offers is read from {@code /openapi/v3}
 * (one call; slurmrestd lists a {@code /slurm/vX/ping} path per loaded plugin); a slurmrestd without
 * it is probed with {@code /slurm/vX/ping}, newest first.
 */
final class ApiVersions {

    static final Comparator<String> NEWEST_FIRST =
            Comparator.comparingLong(ApiVersions::numeric).reversed();
    private static final Pattern PING = Pattern.compile("^/slurm/(v\\d+\\.\\d+\\.\\d+)/ping/?$");
    private static final Pattern VERSION = Pattern.compile("v(\\d+)\\.(\\d+)\\.(\\d+)");

    private final Map<String, SlurmApiAdapter> adapters;

    ApiVersions(List<SlurmApiAdapter> adapters) {
        if (adapters.isEmpty()) {
            throw new IllegalArgumentException("no Slurm REST API adapter registered");
        }
        this.adapters = adapters.stream().collect(Collectors.toMap(SlurmApiAdapter::version, Function.identity()));
    }

    List<String> spoken() {
        return adapters.keySet().stream().sorted(NEWEST_FIRST).toList();
    }

    /** Picks the adapter for a cluster that offers {@code offered}; empty names the reason. */
    Choice choose(List<String> offered, @Nullable String pinned) {
        List<String> offeredSorted = offered.stream().sorted(NEWEST_FIRST).toList();
        if (pinned != null) {
            if (!offered.contains(pinned)) {
                return Choice.refused(
                        "API version " + pinned + " is pinned but the cluster offers only " + describe(offeredSorted));
            }
            SlurmApiAdapter adapter = adapters.get(pinned);
            return adapter != null
                    ? Choice.of(adapter)
                    : Choice.refused("API version " + pinned + " is pinned but the portal speaks only "
                            + String.join(", ", spoken()));
        }
        Optional<SlurmApiAdapter> newest =
                offeredSorted.stream().map(adapters::get).filter(a -> a != null).findFirst();
        return newest.map(Choice::of)
                .orElseGet(() -> Choice.refused("it offers API versions " + describe(offeredSorted)
                        + " but the portal speaks only " + String.join(", ", spoken())));
    }

    /** The versions whose ping path an OpenAPI document lists. */
    static List<String> fromOpenApi(JsonMapper json, byte[] document) {
        var versions = new TreeSet<String>(NEWEST_FIRST);
        for (String path : json.readTree(document).path("paths").propertyNames()) {
            Matcher m = PING.matcher(path);
            if (m.matches()) {
                versions.add(m.group(1));
            }
        }
        return List.copyOf(versions);
    }

    private static String describe(List<String> versions) {
        return versions.isEmpty() ? "none" : String.join(", ", versions);
    }

    private static long numeric(String version) {
        Matcher m = VERSION.matcher(version);
        if (!m.matches()) {
            return -1;
        }
        return Long.parseLong(m.group(1)) * 1_000_000 + Long.parseLong(m.group(2)) * 1_000 + Long.parseLong(m.group(3));
    }

    record Choice(@Nullable SlurmApiAdapter adapter, String refusal) {
        static Choice of(SlurmApiAdapter adapter) {
            return new Choice(adapter, "");
        }

        static Choice refused(String why) {
            return new Choice(null, why);
        }
    }
}
