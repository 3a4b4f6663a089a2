package io.federa.shared.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** A view's slow work runs on the executor it is given, as the person who started it. */
class ViewWorkTest {

    private final ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();

    @AfterEach
    void stop() {
        executor.shutdown();
        SecurityContextHolder.clearContext();
    }

    @Test
    void work_runs_on_the_managed_executor_as_the_person_who_started_it() throws Exception {
        executor.setThreadNamePrefix("managed-");
        executor.initialize();
        var alice = UsernamePasswordAuthenticationToken.authenticated("alice", null, java.util.List.of());
        SecurityContextHolder.getContext().setAuthentication(alice);
        var seen = new CompletableFuture<Authentication>();
        var thread = new CompletableFuture<String>();

        new ViewWork(executor).start(() -> {
            thread.complete(Thread.currentThread().getName());
            seen.complete(SecurityContextHolder.getContext().getAuthentication());
        });

        assertThat(thread.get(10, TimeUnit.SECONDS)).startsWith("managed-");
        assertThat(seen.get(10, TimeUnit.SECONDS)).isSameAs(alice);
    }
}
