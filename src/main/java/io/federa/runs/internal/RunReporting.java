package io.federa.runs.internal;

import io.federa.runs.MetricPoint;
import io.federa.runs.RunArtifact;
import io.federa.runs.RunReported;
import io.federa.runs.internal.JdbcReportStore.Storage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What jobs report back with their run token: metrics, log lines, params, tags, artifacts. Every
 * method first checks that the token's run is the run written to.
 */
@Service
public class RunReporting {

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.:/ -]{1,255}");
    static final int MAX_LINE = 65_536;
    static final int MAX_VALUE = 4000;

    /** Tag names the portal sets itself: which template a run came from, how its cluster was chosen. */
    static final Set<String> PORTAL_TAGS = Set.of("template", "routing");

    /** One metric point as a job sends it; {@code timestamp} defaults to the time it arrived. */
    public record MetricInput(
            @Nullable String key,
            @Nullable Long step,
            @Nullable Double value,
            @Nullable Instant timestamp) {}

    private final JdbcRunStore store;
    private final JdbcReportStore reports;
    private final ArtifactFiles files;
    private final RunsProperties props;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    RunReporting(
            JdbcRunStore store,
            JdbcReportStore reports,
            ArtifactFiles files,
            RunsProperties props,
            ApplicationEventPublisher events,
            Clock clock) {
        this.store = store;
        this.reports = reports;
        this.files = files;
        this.props = props;
        this.events = events;
        this.clock = clock;
    }

    /** The run a bearer token belongs to, if the token is known and has not expired. */
    @Transactional(readOnly = true)
    public Optional<RunCaller> authenticate(String token) {
        if (!token.startsWith(RunTokens.PREFIX) || token.length() > 100) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return store.tokenOwner(RunTokens.hash(token))
                .filter(o -> o.expiresAt() == null || now.isBefore(o.expiresAt()))
                .map(o -> new RunCaller(o.runId(), o.team()));
    }

    public long maxArtifactBytes() {
        return props.artifacts().maxSize().toBytes();
    }

    /** The per-request limits the endpoints enforce before they hand a report on. */
    public RunsProperties limits() {
        return props;
    }

    /**
     * Refuses a token that writes to a run that is not its own (403): the endpoints call it before
     * they read a body, so no other run's token makes the portal read one.
     */
    public void requireOwnRun(RunCaller caller, String runId) {
        own(caller, runId);
    }

    @Transactional
    public int metrics(RunCaller caller, String runId, List<MetricInput> input) {
        own(caller, runId);
        if (input.size() > props.maxMetricsPerRequest()) {
            throw tooLarge("A request may carry at most " + props.maxMetricsPerRequest() + " metric points, not "
                    + input.size() + "; send them in batches.");
        }
        Instant now = clock.instant();
        List<MetricPoint> points = new ArrayList<>(input.size());
        for (int i = 0; i < input.size(); i++) {
            MetricInput m = input.get(i);
            if (m == null || m.key() == null || !KEY.matcher(m.key()).matches()) {
                throw bad("Point " + i + ": \"key\" must be 1-255 letters, digits, spaces or _ . : / -.");
            }
            if (m.value() == null || !Double.isFinite(m.value())) {
                throw bad("Point " + i + " (" + m.key() + "): \"value\" must be a finite number.");
            }
            if (m.step() == null || m.step() < 0) {
                throw bad("Point " + i + " (" + m.key() + "): \"step\" must be a whole number >= 0.");
            }
            points.add(new MetricPoint(m.key(), m.step(), m.value(), m.timestamp() == null ? now : m.timestamp()));
        }
        long n = points.size();
        Storage team = reports.teamStorage(caller.team());
        if (team.metricPoints() + n > props.teamQuota().metricPoints()) {
            throw overTeamQuota(
                    caller.team(), team.metricPoints(), n, props.teamQuota().metricPoints(), METRICS);
        }
        if (!reports.countMetricPoints(runId, n, props.runQuota().metricPoints())) {
            throw overRunQuota(
                    reports.storage(runId).metricPoints(), n, props.runQuota().metricPoints(), METRICS);
        }
        int stored = reports.insertMetrics(runId, points);
        events.publishEvent(new RunReported(runId, caller.team(), "metrics"));
        return stored;
    }

    @Transactional
    public int logs(RunCaller caller, String runId, List<String> lines) {
        own(caller, runId);
        if (lines.size() > props.maxLogLinesPerRequest()) {
            throw tooLarge("A request may carry at most " + props.maxLogLinesPerRequest() + " log lines, not "
                    + lines.size() + ".");
        }
        List<String> clean = new ArrayList<>(lines.size());
        long bytes = 0;
        for (String line : lines) {
            String l = line == null ? "" : line.replace("\0", "");
            l = l.length() > MAX_LINE ? l.substring(0, MAX_LINE) : l;
            bytes += utf8Length(l);
            clean.add(l);
        }
        Storage team = reports.teamStorage(caller.team());
        if (team.logBytes() + bytes > props.teamQuota().logSize().toBytes()) {
            throw overTeamQuota(
                    caller.team(),
                    team.logBytes(),
                    bytes,
                    props.teamQuota().logSize().toBytes(),
                    LOGS);
        }
        if (!reports.countLogBytes(runId, bytes, props.runQuota().logSize().toBytes())) {
            throw overRunQuota(
                    reports.storage(runId).logBytes(),
                    bytes,
                    props.runQuota().logSize().toBytes(),
                    LOGS);
        }
        int n = reports.appendLogs(runId, clean, clock.instant());
        events.publishEvent(new RunReported(runId, caller.team(), "logs"));
        return n;
    }

    /**
     * Adds or changes the job's own params. The params the portal recorded at submit (the request's
     * and a template's values, a trial's parameters) are the run's record: a job may report them
     * again with the same value (a script that logs all its hyperparameters; numbers compare as
     * numbers, 0.0001 = 1.0E-4), which changes nothing, but a request that gives one of them another
     * value is refused whole (409).
     */
    @Transactional
    public void params(RunCaller caller, String runId, Map<String, String> params) {
        own(caller, runId);
        checked("param", params);
        Map<String, String> recorded = store.paramsSetAtSubmit(runId, params.keySet());
        refusePortalSet("param", changed(recorded, params), "set at submit");
        store.putParams(runId, without(params, recorded.keySet()), JdbcRunStore.SET_BY_JOB);
        events.publishEvent(new RunReported(runId, caller.team(), "params"));
    }

    /**
     * Adds or changes the job's own tags, like {@link #params}; besides the tags recorded at submit,
     * the names the portal gives tags ({@link #PORTAL_TAGS}, anything starting with "federa") are
     * refused when the portal did not set them on this run.
     */
    @Transactional
    public void tags(RunCaller caller, String runId, Map<String, String> tags) {
        own(caller, runId);
        checked("tag", tags);
        Map<String, String> recorded = store.tagsSetAtSubmit(runId, tags.keySet());
        var refused = new TreeSet<>(changed(recorded, tags));
        tags.keySet().stream()
                .filter(k -> portalTag(k) && !recorded.containsKey(k))
                .forEach(refused::add);
        refusePortalSet("tag", refused, "set at submit, or names the portal gives tags: template, routing, federa…");
        store.putTags(runId, without(tags, recorded.keySet()), JdbcRunStore.SET_BY_JOB);
        events.publishEvent(new RunReported(runId, caller.team(), "tags"));
    }

    /** The keys of {@code recorded} that {@code reported} gives another value. */
    private static List<String> changed(Map<String, String> recorded, Map<String, String> reported) {
        return recorded.entrySet().stream()
                .filter(e -> !sameValue(e.getValue(), reported.get(e.getKey())))
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
    }

    /** Equal as text, or both numbers of equal value. */
    static boolean sameValue(String recorded, @Nullable String reported) {
        if (reported == null) {
            return false;
        }
        if (recorded.equals(reported)) {
            return true;
        }
        try {
            return new BigDecimal(recorded.strip()).compareTo(new BigDecimal(reported.strip())) == 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static Map<String, String> without(Map<String, String> values, Set<String> keys) {
        Map<String, String> rest = new LinkedHashMap<>(values);
        rest.keySet().removeAll(keys);
        return rest;
    }

    private static boolean portalTag(String name) {
        return PORTAL_TAGS.contains(name) || name.toLowerCase(Locale.ROOT).startsWith("federa");
    }

    private static void refusePortalSet(String what, Collection<String> names, String why) {
        if (!names.isEmpty()) {
            throw new ReportRefusedException(
                    "The " + what + (names.size() == 1 ? " " : "s ") + String.join(", ", names) + " belong"
                            + (names.size() == 1 ? "s" : "") + " to the portal's record of the run (" + why
                            + "); a job adds its own " + what + "s and may repeat those with the same value, "
                            + "but cannot change them. Nothing of this request was stored.",
                    ReportRefusedException.Kind.PORTAL_SET);
        }
    }

    /**
     * Streams the upload into a temporary file in the run's directory, then moves it into place, so a
     * broken upload never leaves half a file under the artifact's name. The run's and the team's
     * artifact quotas are checked on the announced size before a byte is written, and the run's again,
     * atomically, on the bytes written before the file is moved into place; a file that replaces one
     * of the same name counts by the difference.
     */
    @Transactional
    public RunArtifact artifact(RunCaller caller, String runId, String requestedName, long size, InputStream in)
            throws IOException {
        own(caller, runId);
        long max = maxArtifactBytes();
        if (size > max) {
            throw tooLarge("The file is " + size + " bytes; artifacts may be at most " + max + " bytes.");
        }
        String name;
        try {
            name = ArtifactFiles.safeName(requestedName);
        } catch (IllegalArgumentException e) {
            throw bad(e.getMessage());
        }
        long replaced = reports.artifactSize(runId, name);
        long teamMax = props.teamQuota().artifactSize().toBytes();
        long runMax = props.runQuota().artifactSize().toBytes();
        Storage team = reports.teamStorage(caller.team());
        if (team.artifactBytes() + Math.max(0, size - replaced) > teamMax) {
            throw overTeamQuota(caller.team(), team.artifactBytes(), size, teamMax, ARTIFACTS);
        }
        long runUsed = reports.storage(runId).artifactBytes();
        if (runUsed + size - replaced > runMax) {
            throw overRunQuota(runUsed, size, runMax, ARTIFACTS);
        }
        Path dir = files.runDir(caller.team(), runId);
        Files.createDirectories(dir);
        Path target = files.fileOf(caller.team(), runId, name);
        Path tmp = Files.createTempFile(dir, ".upload-", ".tmp");
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long written;
        try {
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(tmp), sha)) {
                written = copyAtMost(in, out, max);
            }
            if (!reports.countArtifactBytes(runId, written - replaced, runMax)) {
                throw overRunQuota(reports.storage(runId).artifactBytes(), written, runMax, ARTIFACTS);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        var artifact = new RunArtifact(name, written, HexFormat.of().formatHex(sha.digest()), clock.instant());
        reports.putArtifact(runId, artifact);
        events.publishEvent(new RunReported(runId, caller.team(), "artifacts"));
        return artifact;
    }

    private long copyAtMost(InputStream in, OutputStream out, long max) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) >= 0) {
            total += n;
            if (total > max) {
                throw tooLarge("The file is larger than " + max + " bytes, the most an artifact may be.");
            }
            out.write(buffer, 0, n);
        }
        return total;
    }

    private Map<String, String> checked(String what, Map<String, String> values) {
        if (values.size() > 1000) {
            throw bad("At most 1000 " + what + "s per request.");
        }
        values.forEach((k, v) -> {
            if (k == null || !KEY.matcher(k).matches()) {
                throw bad("The " + what + " name \"" + k + "\" must be 1-255 letters, digits, spaces or _ . : / -.");
            }
            if (v == null || v.length() > MAX_VALUE) {
                throw bad("The value of " + what + " " + k + " must be text of at most " + MAX_VALUE + " characters.");
            }
        });
        return values;
    }

    private static void own(RunCaller caller, String runId) {
        if (!caller.runId().equals(runId)) {
            throw new ReportRefusedException(
                    "This token belongs to run " + caller.runId() + " and cannot write to run " + runId + ".",
                    ReportRefusedException.Kind.NOT_OWN_RUN);
        }
    }

    private static ReportRefusedException bad(String message) {
        return new ReportRefusedException(message, ReportRefusedException.Kind.INVALID);
    }

    private static ReportRefusedException tooLarge(String message) {
        return new ReportRefusedException(message, ReportRefusedException.Kind.TOO_LARGE);
    }

    /** What a quota counts, in words and with its setting's name. */
    private record Measure(String unit, String setting) {
        String amount(long n) {
            return String.format(Locale.ROOT, "%,d %s", n, unit);
        }
    }

    private static final Measure METRICS = new Measure("metric points", "metric-points");
    private static final Measure LOGS = new Measure("bytes of log lines", "log-size");
    private static final Measure ARTIFACTS = new Measure("bytes of artifacts", "artifact-size");

    private static ReportRefusedException overRunQuota(long used, long adding, long quota, Measure m) {
        return new ReportRefusedException(
                "This run has stored " + m.amount(used) + "; with these " + m.amount(adding) + " it would pass its "
                        + "quota of " + String.format(Locale.ROOT, "%,d", quota) + " (federa.runs.run-quota."
                        + m.setting() + "). Nothing of this request was stored.",
                ReportRefusedException.Kind.QUOTA);
    }

    private static ReportRefusedException overTeamQuota(String team, long used, long adding, long quota, Measure m) {
        return new ReportRefusedException(
                "Team " + team + " has stored " + m.amount(used) + " in all its runs; with these "
                        + m.amount(adding) + " it would pass its quota of " + String.format(Locale.ROOT, "%,d", quota)
                        + " (federa.runs.team-quota." + m.setting() + "). Nothing of this request was stored.",
                ReportRefusedException.Kind.QUOTA);
    }

    /** The bytes of {@code s} in UTF-8, without encoding it. */
    static long utf8Length(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}
