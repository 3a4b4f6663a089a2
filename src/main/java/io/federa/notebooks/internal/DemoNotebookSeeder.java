package io.federa.notebooks.internal;

import io.federa.notebooks.NotebookCatalog;
import io.federa.notebooks.NotebookImage;
import io.federa.notebooks.NotebookKind;
import io.federa.shared.SystemTasks;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Demo only: offers Debian's Jupyter packages as a notebook of each kind, unless an admin has an
 * entry of that name already. On Kubernetes the image {@value #DEMO_IMAGE} is the one the demo's
 * stand-in notebook-controller ({@code scripts/standins.sh}) runs as local Jupyter; on Slurm the nodes
 * have {@code jupyter-notebook} from {@code scripts/slurm-up.sh}, so the environment line only makes
 * sure Debian's {@code /usr/bin} comes first. ADR 0030, 0033.
 */
@Component
@Profile("demo")
class DemoNotebookSeeder {

    private static final Logger log = LoggerFactory.getLogger(DemoNotebookSeeder.class);

    /** The image the demo's stand-in runs as Debian's Jupyter (StandInLauncher names the same). */
    static final String DEMO_IMAGE = "federa/debian-jupyter:1";

    static final String NAME = "debian-jupyter";

    private final NotebookCatalog catalog;

    DemoNotebookSeeder(NotebookCatalog catalog) {
        this.catalog = catalog;
    }

    @EventListener(ApplicationReadyEvent.class)
    void seed() {
        SystemTasks.runAsSystem(() -> {
            for (NotebookImage image : List.of(
                    new NotebookImage(NotebookKind.KUBERNETES, NAME, DEMO_IMAGE, "Debian's Jupyter"),
                    new NotebookImage(
                            NotebookKind.SLURM, NAME, "export PATH=/usr/bin:/bin:$PATH", "Debian's Jupyter"))) {
                if (catalog.images(image.kind()).stream()
                        .noneMatch(i -> i.name().equals(image.name()))) {
                    catalog.save(image);
                    log.info("demo: notebook {} {} offered", image.kind().label(), image.name());
                }
            }
            return null;
        });
    }
}
