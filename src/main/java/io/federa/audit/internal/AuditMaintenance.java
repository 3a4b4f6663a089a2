package io.federa.audit.internal;

import io.federa.audit.AuditLog;
import io.federa.shared.AuditableEvent;
import io.federa.shared.SystemTasks;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps the audit log whole and within its retention: hands audit events whose append did not
 * complete (the database was briefly away) to the appender again, and removes entries older than
 * {@code federa.audit.retention} once a day. Events published before a crash are handed over again at
 * start ({@code spring.modulith.events.republish-outstanding-events-on-restart}).
 */
@Component
class AuditMaintenance {

    private static final Logger log = LoggerFactory.getLogger(AuditMaintenance.class);

    private final IncompleteEventPublications incomplete;
    private final AuditLog auditLog;
    private final AuditProperties props;
    private final Clock clock;

    AuditMaintenance(IncompleteEventPublications incomplete, AuditLog auditLog, AuditProperties props, Clock clock) {
        this.incomplete = incomplete;
        this.auditLog = auditLog;
        this.props = props;
        this.clock = clock;
    }

    @Scheduled(
            initialDelayString = "${federa.audit.redeliver-after:1m}",
            fixedDelayString = "${federa.audit.redeliver-after:1m}")
    void redeliver() {
        var before = clock.instant().minus(props.redeliverAfter());
        incomplete.resubmitIncompletePublications(p ->
                p.getEvent() instanceof AuditableEvent && p.getPublicationDate().isBefore(before));
    }

    @Scheduled(initialDelayString = "PT10M", fixedDelayString = "PT24H")
    void retention() {
        if (props.retention() == null || props.retention().isZero()) {
            return;
        }
        var purge = SystemTasks.runAsSystem(
                () -> auditLog.purgeBefore(clock.instant().minus(props.retention())));
        if (purge.deleted() > 0) {
            log.info(
                    "audit retention: removed {} entries; the chain now starts after entry {}",
                    purge.deleted(),
                    purge.anchorSeq());
        }
    }
}
