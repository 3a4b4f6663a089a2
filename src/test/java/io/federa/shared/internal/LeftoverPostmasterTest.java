package io.federa.shared.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a start does with a postmaster.pid it finds: nothing when it is stale, and it never stops a
 * process that is not the leftover PostgreSQL of this directory (the real leftover is stopped in
 * PortalProcessIT, with a real kill -9).
 */
class LeftoverPostmasterTest {

    @TempDir
    Path dataDir;

    @Test
    void a_clean_directory_or_a_stale_pid_file_is_left_to_postgresql() throws IOException {
        assertThatCode(() -> LeftoverPostmaster.stopIfLeftOver(dataDir, Duration.ofSeconds(1)))
                .doesNotThrowAnyException();
        Process gone = new ProcessBuilder("true").start();
        gone.onExit().join();
        pidFile(gone.pid());
        assertThatCode(() -> LeftoverPostmaster.stopIfLeftOver(dataDir, Duration.ofSeconds(1)))
                .doesNotThrowAnyException();
        assertThat(dataDir.resolve("postmaster.pid")).exists(); // PostgreSQL removes it itself
    }

    @Test
    void a_live_process_that_is_not_our_postgresql_is_named_and_never_signalled() throws Exception {
        Process other = new ProcessBuilder("sleep", "60").start();
        try {
            pidFile(other.pid());
            assertThatThrownBy(() -> LeftoverPostmaster.stopIfLeftOver(dataDir, Duration.ofSeconds(1)))
                    .isInstanceOf(DataDirectoryInUseException.class)
                    .hasMessageContaining("postmaster.pid names process " + other.pid() + " (sleep 60)")
                    .hasMessageContaining("not a PostgreSQL server of this directory")
                    .satisfies(e -> assertThat(((DataDirectoryInUseException) e).action())
                            .contains("delete " + dataDir.resolve("postmaster.pid")));
            assertThat(other.isAlive()).isTrue();
        } finally {
            other.destroyForcibly();
        }
    }

    @Test
    void a_directory_whose_lock_a_live_portal_holds_is_refused_with_who_holds_it() throws Exception {
        Process postmaster = new ProcessBuilder("sleep", "60").start();
        Path lock = Files.createFile(dataDir.resolve(LeftoverPostmaster.EPG_LOCK));
        try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.WRITE);
                var held = channel.lock()) {
            pidFile(postmaster.pid());
            assertThatThrownBy(() -> LeftoverPostmaster.stopIfLeftOver(dataDir, Duration.ofSeconds(1)))
                    .isInstanceOf(DataDirectoryInUseException.class)
                    .hasMessageContaining("Another portal is running on the data directory")
                    .hasMessageContaining(
                            "this process (" + ProcessHandle.current().pid() + ") holds " + lock);
            assertThat(postmaster.isAlive()).isTrue();
        } finally {
            postmaster.destroyForcibly();
        }
    }

    @Test
    void only_a_postgres_binary_with_this_data_directory_counts_as_ours() {
        Path pg = Path.of("/tmp/embedded-pg/PG-1/bin/postgres");
        var ours = new LeftoverPostmaster.Holder(
                7, List.of(pg.toString(), "-D", dataDir.toString(), "-p", "5432"), pg, dataDir);
        assertThat(ours.isPostmasterOf(dataDir)).isTrue();
        assertThat(new LeftoverPostmaster.Holder(7, ours.commandLine(), Path.of(pg + " (deleted)"), dataDir)
                        .isPostmasterOf(dataDir))
                .isTrue();
        assertThat(new LeftoverPostmaster.Holder(
                                7, List.of(pg.toString(), "-D", "/elsewhere", "-p", "5432"), pg, dataDir)
                        .isPostmasterOf(dataDir))
                .isFalse();
        assertThat(new LeftoverPostmaster.Holder(7, ours.commandLine(), Path.of("/usr/bin/sleep"), dataDir)
                        .isPostmasterOf(dataDir))
                .isFalse();
        assertThat(new LeftoverPostmaster.Holder(7, ours.commandLine(), pg, Path.of("/elsewhere"))
                        .isPostmasterOf(dataDir))
                .isFalse();
    }

    /** postmaster.pid as PostgreSQL 14 writes it: pid, data directory, start time, port, socket dir, … */
    private void pidFile(long pid) throws IOException {
        Files.writeString(
                dataDir.resolve("postmaster.pid"),
                pid + "\n" + dataDir + "\n1764755000\n5432\n/tmp\n127.0.0.1\n  5432001    32768\nready   \n");
    }
}
