package io.federa.shared.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;

/**
 * Keys renamed when {@code jobs} was split into modules (issue 10, one prefix per module) keep working for
 * one release: each old key found is copied to its new name, in a property source just before the one that
 * holds it (so it weighs exactly as much as the old key did, and a new key set in the same or a stronger
 * source wins), and a warning names the new key. Environment variables count too
 * ({@code FEDERA_JOBS_POLL_INTERVAL}). Registered in {@code META-INF/spring.factories}.
 */
public class RenamedProperties implements EnvironmentPostProcessor, Ordered {

    /** Old key or prefix (ending in '.') → new one. */
    static final Map<String, String> RENAMED = Map.of(
            "federa.jobs.", "federa.mirror.",
            "federa.artifacts.", "federa.runs.artifacts.",
            "federa.runs.max-script-size", "federa.submission.max-script-size",
            "federa.runs.working-directory", "federa.submission.working-directory",
            "federa.runs.lost-after", "federa.submission.lost-after",
            "federa.runs.reconcile-interval", "federa.submission.reconcile-interval");

    private final Log log;

    public RenamedProperties(DeferredLogFactory logs) {
        this.log = logs.getLog(RenamedProperties.class);
    }

    @Override
    public int getOrder() {
        // after the config files and the environment are read (ConfigData runs at HIGHEST + 10)
        return Ordered.LOWEST_PRECEDENCE - 10;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        apply(environment).forEach(log::warn);
    }

    /** Copies every old key to its new name; one deprecation message per key found. */
    static List<String> apply(ConfigurableEnvironment environment) {
        List<String> warnings = new ArrayList<>();
        for (PropertySource<?> source :
                List.copyOf(environment.getPropertySources().stream().toList())) {
            if (!(source instanceof EnumerablePropertySource<?> enumerable)) {
                continue;
            }
            Map<String, Object> renamed = new LinkedHashMap<>();
            for (String name : enumerable.getPropertyNames()) {
                String key = canonical(name);
                String newKey = key == null ? null : newName(key);
                Object value = enumerable.getProperty(name);
                if (newKey == null || value == null || enumerable.containsProperty(newKey)) {
                    continue; // not renamed, or the same source names the new key too: that one counts
                }
                renamed.put(newKey, value);
                warnings.add("Configuration key " + name + " (in " + source.getName() + ") is deprecated and will be"
                        + " removed in the next release: it is read as " + newKey + "; rename it.");
            }
            if (!renamed.isEmpty()) {
                environment
                        .getPropertySources()
                        .addBefore(source.getName(), new MapPropertySource("renamed:" + source.getName(), renamed));
            }
        }
        return warnings;
    }

    /** The new name of {@code key}, or null when it was not renamed. */
    static @Nullable String newName(String key) {
        for (var e : RENAMED.entrySet()) {
            String old = e.getKey();
            if (old.endsWith(".") ? key.startsWith(old) : key.equals(old)) {
                return e.getValue() + key.substring(old.length());
            }
        }
        return null;
    }

    /**
     * A property name as a dotted key: {@code FEDERA_JOBS_POLL_INTERVAL} → {@code federa.jobs.poll.interval}
     * cannot be told apart from {@code poll-interval}, so environment variables are matched against the
     * known keys' environment form; other names are taken as they are.
     */
    private static @Nullable String canonical(String name) {
        if (name.startsWith("federa.")) {
            return name;
        }
        if (!name.startsWith("FEDERA_")) {
            return null;
        }
        for (String old : RENAMED.keySet()) {
            String env = old.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
            if (old.endsWith(".") && name.startsWith(env)) {
                // the rest of the key: FEDERA_JOBS_POLL_INTERVAL → federa.jobs.poll-interval
                return old
                        + name.substring(env.length()).toLowerCase(Locale.ROOT).replace('_', '-');
            }
            if (!old.endsWith(".") && name.equals(env)) {
                return old;
            }
        }
        return null;
    }
}
