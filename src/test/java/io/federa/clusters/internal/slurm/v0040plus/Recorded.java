package io.federa.clusters.internal.slurm.v0040plus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Answers recorded from Slurm 24.11.5 (v0.0.40–42) and 26.05.5 (v0.0.42–45) under {@code
 * src/test/resources/slurm/<version>/<release>/}: the same objects under every version of a release,
 * so the domain values expected from them depend on the release only.
 */
record Recorded(String version, Release release) {

    /** What the recorded objects of one Slurm release hold, in domain terms. */
    enum Release {
        SLURM_24_11(
                "24.11.5",
                "cnewn1",
                3,
                Instant.ofEpochSecond(1795926989),
                Instant.ofEpochSecond(1795926989),
                Instant.ofEpochSecond(1795926991),
                "/srv/slurm-test/jobs/rest-3.out",
                8,
                4,
                "/tmp/slurm-4.out",
                0.53),
        SLURM_26_05(
                "26.05.5",
                "csidn1",
                2,
                Instant.ofEpochSecond(1795927065),
                Instant.ofEpochSecond(1795927066),
                Instant.ofEpochSecond(1795927067),
                "/srv/slurm-test/jobs/rest-2.out",
                13,
                3,
                "/tmp/slurm-3.out",
                0.51);

        final String name;
        final String node;
        /** The "hello" job: 1 task, 10 minutes, own output path with %j. */
        final long helloJob;

        final Instant helloSubmit;
        final Instant helloStart;
        final Instant helloEnd;
        final String helloOutput;
        final int jobsInList;
        /** A job cancelled while running (killed by SIGTERM), output path left to Slurm's default. */
        final long cancelledJob;

        final String cancelledOutput;
        final double cpuLoad;

        Release(
                String name,
                String node,
                long helloJob,
                Instant helloSubmit,
                Instant helloStart,
                Instant helloEnd,
                String helloOutput,
                int jobsInList,
                long cancelledJob,
                String cancelledOutput,
                double cpuLoad) {
            this.name = name;
            this.node = node;
            this.helloJob = helloJob;
            this.helloSubmit = helloSubmit;
            this.helloStart = helloStart;
            this.helloEnd = helloEnd;
            this.helloOutput = helloOutput;
            this.jobsInList = jobsInList;
            this.cancelledJob = cancelledJob;
            this.cancelledOutput = cancelledOutput;
            this.cpuLoad = cpuLoad;
        }
    }

    static Stream<Recorded> all() {
        return Stream.of(
                new Recorded("v0.0.40", Release.SLURM_24_11),
                new Recorded("v0.0.41", Release.SLURM_24_11),
                new Recorded("v0.0.42", Release.SLURM_24_11),
                new Recorded("v0.0.42", Release.SLURM_26_05),
                new Recorded("v0.0.43", Release.SLURM_26_05),
                new Recorded("v0.0.44", Release.SLURM_26_05),
                new Recorded("v0.0.45", Release.SLURM_26_05));
    }

    /** The versions for which refusals, submits and cancels were recorded (the newest of each release). */
    static Stream<Recorded> exchanges() {
        return Stream.of(new Recorded("v0.0.42", Release.SLURM_24_11), new Recorded("v0.0.45", Release.SLURM_26_05));
    }

    Variant variant() {
        return Stream.of(Variant.values())
                .filter(v -> v.version().equals(version))
                .findFirst()
                .orElseThrow();
    }

    SlurmV0040PlusAdapter adapter() {
        return new SlurmV0040PlusAdapter(variant());
    }

    byte[] sample(String name) throws IOException {
        String path = "/slurm/" + version + "/" + release.name + "/" + name;
        try (InputStream in = Recorded.class.getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return in.readAllBytes();
        }
    }

    /** The HTTP status recorded in {@code <name>.http.txt} ("HTTP 422"). */
    int status(String name) throws IOException {
        Matcher m = Pattern.compile("HTTP (\\d{3})")
                .matcher(new String(sample(name + ".http.txt"), StandardCharsets.UTF_8));
        assertThat(m.find()).as(name + ".http.txt names a status").isTrue();
        return Integer.parseInt(m.group(1));
    }

    @Override
    public String toString() {
        return version + " (Slurm " + release.name + ")";
    }
}
