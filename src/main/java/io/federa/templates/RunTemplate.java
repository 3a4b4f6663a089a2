package io.federa.templates;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An admin-defined run: a Slurm script with {@code {{name}}} placeholders and the typed parameters
 * that fill them (see {@link TemplateRendering} for how values are checked and substituted).
 *
 * @param id a short stable name ({@code [a-z0-9-]}), kept in the runs made from it
 * @param updatedBy who saved it last; null for templates the portal seeds
 */
public record RunTemplate(
        String id,
        String name,
        String description,
        String script,
        List<TemplateParam> params,
        @Nullable Instant updatedAt,
        @Nullable String updatedBy) {

    public RunTemplate {
        params = List.copyOf(params);
    }
}
