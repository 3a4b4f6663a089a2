package io.federa.shared.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A portal killed with SIGKILL leaves its embedded PostgreSQL running: its postmaster outlives the
 * JVM (pg_ctl started it detached), holds the data directory and makes the next start fail with
 * "lock file postmaster.pid already exists". Before the embedded PostgreSQL starts, this shuts such
 * a leftover down cleanly (SIGINT: PostgreSQL's fast shutdown, as the portal itself stops it) — only when
 * it is ours: no live portal holds the directory's {@code epg-lock} (the embedded PostgreSQL's lock,
 * which the operating system releases when the JVM dies), and the process that {@code
 * postmaster.pid} names is a PostgreSQL server whose {@code -D} is this directory. Anything else is
 * never signalled: the start fails with what holds the directory. See
 * docs/adr/0021-day-one-demo-stack-crash-safe-and-fast-start.md.
 */
final class LeftoverPostmaster {

    private static final Logger log = LoggerFactory.getLogger(LeftoverPostmaster.class);

    /** The embedded PostgreSQL's own lock file in the data directory (io.zonky EmbeddedPostgres). */
    static final String EPG_LOCK = "epg-lock";

    private LeftoverPostmaster() {}

    /** What {@code postmaster.pid} names, as this machine sees it. */
    record Holder(
            long pid,
            List<String> commandLine,
            @Nullable Path executable,
            @Nullable Path pidFileDataDir) {

        /** A PostgreSQL server ({@code postgres -D dir …}) serving {@code dataDir}? */
        boolean isPostmasterOf(Path dataDir) {
            Path exe = executable != null ? executable : commandLine.isEmpty() ? null : Path.of(commandLine.getFirst());
            // a binary replaced or removed while it runs shows as "postgres (deleted)"
            if (exe == null
                    || !exe.getFileName().toString().replace(" (deleted)", "").equals("postgres")) {
                return false;
            }
            int d = commandLine.indexOf("-D");
            return d >= 0
                    && d + 1 < commandLine.size()
                    && same(Path.of(commandLine.get(d + 1)), dataDir)
                    && pidFileDataDir != null
                    && same(pidFileDataDir, dataDir);
        }

        String describe() {
            return "process " + pid + " (" + String.join(" ", commandLine) + ")";
        }
    }

    /**
     * Shuts down the leftover postmaster of {@code dataDir}, if there is one and it is ours.
     *
     * @throws DataDirectoryInUseException when a live portal or a process that is not our leftover
     *     holds the directory
     */
    static void stopIfLeftOver(Path dataDir, Duration timeout) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        List<String> lines;
        try {
            lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return; // stopped cleanly last time
        } catch (IOException e) {
            throw new DataDirectoryInUseException(
                    "Cannot read " + pidFile + " (" + e.getMessage() + ").", "Check the directory's permissions.");
        }
        long pid;
        try {
            pid = Long.parseLong(lines.isEmpty() ? "" : lines.getFirst().trim());
        } catch (NumberFormatException e) {
            return; // a torn pid file: PostgreSQL itself decides
        }
        if (pid <= 0) {
            return; // a standalone backend or initdb (negative pid): PostgreSQL itself decides
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            return; // stale: PostgreSQL removes it itself
        }
        Optional<String> portal = portalHolding(dataDir.resolve(EPG_LOCK));
        if (portal.isPresent()) {
            throw new DataDirectoryInUseException(
                    "Another portal is running on the data directory " + dataDir.getParent() + ": "
                            + portal.get() + " holds " + dataDir.resolve(EPG_LOCK) + ", and its PostgreSQL is "
                            + "process " + pid + ".",
                    "Stop that portal first, or start this one with another federa.data-dir.");
        }
        Holder holder = holder(pid, lines);
        if (!holder.isPostmasterOf(dataDir)) {
            throw new DataDirectoryInUseException(
                    "The embedded PostgreSQL's data directory " + dataDir + " is locked: its postmaster.pid names "
                            + holder.describe() + ", which is not a PostgreSQL server of this directory. The "
                            + "portal does not stop processes that are not its own.",
                    "If process " + pid + " merely reuses the id of a PostgreSQL that is gone, delete " + pidFile
                            + "; otherwise stop what holds the directory, or use another federa.data-dir.");
        }
        log.warn(
                "The embedded PostgreSQL of a portal that did not stop (killed?) still runs on {} as {}: stopping it",
                dataDir,
                holder.describe());
        stop(holder, dataDir, process.get(), timeout);
    }

    private static void stop(Holder holder, Path dataDir, ProcessHandle process, Duration timeout) {
        long t0 = System.nanoTime();
        // SIGINT is PostgreSQL's fast shutdown (what the portal's own close asks for with pg_ctl, which
        // refuses to run as root; the embedded server runs in a user namespace of its own). Java only
        // sends SIGTERM (smart shutdown) and SIGKILL, so kill(1) sends it: fixed arguments, no shell.
        try {
            Process kill = new ProcessBuilder("kill", "-INT", String.valueOf(holder.pid()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                process.destroy();
            }
        } catch (IOException e) {
            process.destroy(); // SIGTERM: smart shutdown; the killed portal's sessions are gone anyway
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // still alive: said below
        }
        if (process.isAlive()) {
            throw new DataDirectoryInUseException(
                    "The leftover PostgreSQL " + holder.describe() + " on " + dataDir + " did not stop within "
                            + timeout.toSeconds() + " s.",
                    "Stop it by hand (kill -INT " + holder.pid() + "), then start the portal again.");
        }
        log.info("Stopped the leftover PostgreSQL on {} in {} ms", dataDir, (System.nanoTime() - t0) / 1_000_000);
    }

    /**
     * Who holds the embedded PostgreSQL's lock file, if anybody does: this JVM, or the process that
     * {@code /proc/locks} names for it.
     */
    static Optional<String> portalHolding(Path lockFile) {
        if (!Files.exists(lockFile)) {
            return Optional.empty();
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                lock.release();
                return Optional.empty();
            }
        } catch (OverlappingFileLockException e) {
            return Optional.of("this process (" + ProcessHandle.current().pid() + ")");
        } catch (IOException e) {
            return Optional.empty(); // cannot tell: the embedded PostgreSQL's own lock will say
        }
        return Optional.of(lockHolder(lockFile)
                .map(pid -> holder(pid, List.of()).describe())
                .orElse("a running process"));
    }

    /** The pid that {@code /proc/locks} gives for a lock on the file's inode (Linux). */
    private static Optional<Long> lockHolder(Path file) {
        try {
            Object inode = Files.getAttribute(file, "unix:ino");
            for (String line : Files.readAllLines(Path.of("/proc/locks"))) {
                String[] f = line.trim().split("\\s+");
                // "1: POSIX  ADVISORY  WRITE 1234 08:02:131090 0 EOF"
                if (f.length >= 6 && f[5].endsWith(":" + inode) && !f[4].equals("-1")) {
                    return Optional.of(Long.parseLong(f[4]));
                }
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            // not Linux, or no access: the caller says "a running process"
        }
        return Optional.empty();
    }

    private static Holder holder(long pid, List<String> pidFile) {
        Path proc = Path.of("/proc", String.valueOf(pid));
        List<String> commandLine = List.of();
        Path exe = null;
        try {
            String raw = Files.readString(proc.resolve("cmdline"), StandardCharsets.UTF_8);
            commandLine =
                    Arrays.stream(raw.split("\0")).filter(s -> !s.isEmpty()).toList();
        } catch (IOException e) {
            // gone, or not Linux
        }
        try {
            exe = Files.readSymbolicLink(proc.resolve("exe"));
        } catch (IOException | UnsupportedOperationException e) {
            // no access: the command line decides
        }
        Path pidFileDataDir = pidFile.size() > 1 && !pidFile.get(1).isBlank()
                ? Path.of(pidFile.get(1).trim())
                : null;
        return new Holder(pid, commandLine, exe, pidFileDataDir);
    }

    private static boolean same(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
        }
    }
}
