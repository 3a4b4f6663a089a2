package io.federa.support;

import io.federa.audit.AuditLog;
import io.federa.audit.AuditQuery;
import io.federa.shared.SystemTasks;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.support.AbstractTestExecutionListener;

/**
 * After each test class, writes the whole audit log of its application context as JSON Lines to
 * {@code target/audit-exports/<class>.jsonl}, so that {@code SecretScanIT} (the last failsafe
 * execution) can scan every entry the suite's actions produced, through the export an admin would
 * download.
 */
public class AuditExportListener extends AbstractTestExecutionListener {

    static final Path DIR = Path.of("target/audit-exports");

    @Override
    public void afterTestClass(TestContext testContext) {
        if (testContext.getTestClass().getSimpleName().endsWith("Benchmark")) {
            return; // a million seeded entries are not the suite's actions
        }
        var context = testContext.getApplicationContext();
        var log = context.getBeanProvider(AuditLog.class).getIfAvailable();
        if (log == null) {
            return;
        }
        try {
            Files.createDirectories(DIR);
            Path file = DIR.resolve(testContext.getTestClass().getName() + ".jsonl");
            try (OutputStream out = Files.newOutputStream(file)) {
                SystemTasks.runAsSystem(() -> {
                    try {
                        return log.export(AuditQuery.any(), AuditLog.ExportFormat.JSONL, out);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
