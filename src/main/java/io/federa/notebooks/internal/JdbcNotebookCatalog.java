package io.federa.notebooks.internal;

import io.federa.notebooks.IdleCullBounds;
import io.federa.notebooks.NotebookCatalog;
import io.federa.notebooks.NotebookImage;
import io.federa.notebooks.NotebookKind;
import io.federa.notebooks.NotebookRefusedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The admin-managed images, Slurm environments and idle-cull bounds, in PostgreSQL. */
@Service
class JdbcNotebookCatalog implements NotebookCatalog {

    /** A container image reference as Kubernetes takes it: registry/path:tag or @digest, no spaces. */
    private static final Pattern IMAGE = Pattern.compile("[a-z0-9][a-z0-9._/:@-]{0,254}");

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}");

    private final JdbcClient jdbc;

    JdbcNotebookCatalog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    @Transactional(readOnly = true)
    public List<NotebookImage> images(NotebookKind kind) {
        return jdbc.sql("select * from notebook_images where kind = :kind order by name")
                .param("kind", kind.name())
                .query((rs, n) -> new NotebookImage(
                        kind, rs.getString("name"), rs.getString("value"), rs.getString("description")))
                .list();
    }

    Optional<NotebookImage> image(NotebookKind kind, String name) {
        return images(kind).stream().filter(i -> i.name().equals(name)).findFirst();
    }

    @Override
    @Transactional(readOnly = true)
    public IdleCullBounds idleCullBounds() {
        return jdbc.sql("select idle_cull_min, idle_cull_max, idle_cull_default from notebook_settings where id = 1")
                .query((rs, n) -> new IdleCullBounds(rs.getInt(1), rs.getInt(2), rs.getInt(3)))
                .single();
    }

    @Override
    @Transactional
    public void save(NotebookImage image) {
        var problems = new ArrayList<String>();
        if (!NAME.matcher(image.name()).matches()) {
            problems.add("The name must be 1-64 letters, digits, spaces, dots, dashes or underscores.");
        }
        String value = image.value().strip();
        if (image.kind() == NotebookKind.KUBERNETES && !IMAGE.matcher(value).matches()) {
            problems.add("The image must be a container image reference such as "
                    + "quay.io/jupyter/scipy-notebook:2025-01-01 (lower case, no spaces).");
        }
        if (image.kind() == NotebookKind.SLURM && (value.isEmpty() || value.contains("\n") || value.length() > 500)) {
            problems.add("The environment must be one line of at most 500 characters, "
                    + "e.g. \"module load python/3.11\" or \"source /opt/venvs/jupyter/bin/activate\".");
        }
        if (!problems.isEmpty()) {
            throw new NotebookRefusedException(problems);
        }
        jdbc.sql("""
                        insert into notebook_images (kind, name, value, description) values (:kind, :name, :value, :d)
                        on conflict (kind, name) do update set value = excluded.value, description = excluded.description""")
                .param("kind", image.kind().name())
                .param("name", image.name())
                .param("value", value)
                .param("d", image.description().strip())
                .update();
    }

    @Override
    @Transactional
    public void remove(NotebookKind kind, String name) {
        jdbc.sql("delete from notebook_images where kind = :kind and name = :name")
                .param("kind", kind.name())
                .param("name", name)
                .update();
    }

    @Override
    @Transactional
    public void setIdleCullBounds(IdleCullBounds b) {
        if (b.minMinutes() < 1 || b.minMinutes() > b.defaultMinutes() || b.defaultMinutes() > b.maxMinutes()) {
            throw new NotebookRefusedException(
                    "The idle-cull times must satisfy 1 ≤ shortest ≤ default ≤ longest (minutes).");
        }
        jdbc.sql("update notebook_settings set idle_cull_min = :min, idle_cull_max = :max, idle_cull_default = :d")
                .param("min", b.minMinutes())
                .param("max", b.maxMinutes())
                .param("d", b.defaultMinutes())
                .update();
    }
}
