package io.federa.notebooks.internal;

import io.federa.shared.SystemTasks;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Takes every running notebook's state from its cluster's mirror, every {@code
 * federa.notebooks.follow-interval} — on the leader only (ADR 29). Reads the mirrors; asks a cluster
 * only to start what waits for its answer, and to confirm what the mirror does not show.
 */
@Component
class NotebookFollower {

    private static final Logger log = LoggerFactory.getLogger(NotebookFollower.class);

    private final List<NotebookServer> servers;

    NotebookFollower(List<NotebookServer> servers) {
        this.servers = servers;
    }

    @Scheduled(
            initialDelayString = "${federa.notebooks.follow-interval:5s}",
            fixedDelayString = "${federa.notebooks.follow-interval:5s}")
    void follow() {
        for (NotebookServer server : servers) {
            try {
                SystemTasks.runAsSystem(() -> {
                    server.follow();
                    return null;
                });
            } catch (RuntimeException e) {
                log.warn("following {} notebooks failed: {}", server.serves(), e.toString());
            }
        }
    }
}
