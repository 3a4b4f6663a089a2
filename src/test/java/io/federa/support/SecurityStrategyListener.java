package io.federa.support;

import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.support.AbstractTestExecutionListener;

/**
 * Several application contexts live side by side in one test JVM (Spring caches one per test
 * configuration). Vaadin installs its own {@link SecurityContextHolderStrategy} bean as the global
 * strategy when a context starts, and each context's method security keeps the bean of its own
 * context. So after a second context started, a test of the first one that sets the global context
 * ({@code SystemTasks.runAsSystem}) would write where its services do not read, and fail with
 * "An Authentication object was not found". Before each test this points the global strategy back at
 * the test's own context. Production has one context, so this is a test-only concern.
 */
public class SecurityStrategyListener extends AbstractTestExecutionListener {

    @Override
    public int getOrder() {
        return LOWEST_PRECEDENCE;
    }

    @Override
    public void prepareTestInstance(TestContext testContext) {
        useStrategyOf(testContext);
    }

    @Override
    public void beforeTestMethod(TestContext testContext) {
        useStrategyOf(testContext);
    }

    private static void useStrategyOf(TestContext testContext) {
        testContext
                .getApplicationContext()
                .getBeanProvider(SecurityContextHolderStrategy.class)
                .ifUnique(SecurityContextHolder::setContextHolderStrategy);
    }
}
