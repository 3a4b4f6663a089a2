package io.federa.shared.ui;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.core.task.TaskExecutor;
import org.springframework.security.concurrent.DelegatingSecurityContextRunnable;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * A view's slow work (submitting a run, applying cluster permissions) on the application's managed
 * executor (Spring Boot's {@code applicationTaskExecutor}), as the person who clicked: the caller's
 * security context goes with it, so the services' role and team checks still see who asks. No view
 * starts threads of its own; the work hands its results back with {@code UI.access}.
 */
@Component
public class ViewWork {

    private final TaskExecutor executor;

    ViewWork(@Qualifier(TaskExecutionAutoConfiguration.APPLICATION_TASK_EXECUTOR_BEAN_NAME) TaskExecutor executor) {
        this.executor = executor;
    }

    /** Runs {@code work} on the managed executor with the current security context. */
    public void start(Runnable work) {
        executor.execute(new DelegatingSecurityContextRunnable(work, SecurityContextHolder.getContext()));
    }
}
