package io.federa.runs.ui;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.server.streams.UploadHandler;
import io.federa.shell.ScriptEditor;
import io.federa.submission.RunPlanner;
import io.federa.submission.RunRefusedException;
import io.federa.submission.ScriptDirectives;

/**
 * The submit form's own-script part: the script editor (the plan's problems and notes marked on their
 * lines), loading a file into it (at most the portal's script size, decoded as the planner does), and
 * the {@code #SBATCH} lines the portal read from it.
 */
final class OwnScriptSection extends VerticalLayout {

    final ScriptEditor script = new ScriptEditor("Slurm script");
    final Span uploadMessage = new Span();
    final Grid<ScriptDirectives.Directive> directives = new Grid<>();

    OwnScriptSection(long maxScriptBytes) {
        script.setId("run-script");
        script.setWidthFull();
        script.setPlaceholder("#!/bin/bash\n#SBATCH --cpus-per-task=2\n#SBATCH --time=00:30:00\npython3 train.py");
        script.setHelperText("At most " + maxScriptBytes / 1024 + " KiB of text. #SBATCH lines are read by the portal; "
                + "the form's values below replace them; the portal's checks appear on the line they concern.");
        var upload = new Upload(UploadHandler.inMemory((meta, bytes) -> {
            try {
                script.setValue(RunPlanner.decodeScript(bytes, maxScriptBytes));
                uploadMessage.setText("Loaded " + meta.fileName() + ".");
            } catch (RunRefusedException refused) {
                uploadMessage.setText(refused.userMessage());
            }
        }));
        upload.setId("run-upload");
        upload.setMaxFileSize((int) Math.min(Integer.MAX_VALUE, maxScriptBytes));
        upload.addFileRejectedListener(e -> uploadMessage.setText("The file was not loaded: " + e.getErrorMessage()
                + " (scripts of at most " + maxScriptBytes / 1024 + " KiB)."));
        uploadMessage.setId("run-upload-message");
        directives.setId("run-directives");
        directives.addColumn(ScriptDirectives.Directive::line).setHeader("Line").setAutoWidth(true);
        directives
                .addColumn(ScriptDirectives.Directive::option)
                .setHeader("Option")
                .setAutoWidth(true);
        directives
                .addColumn(ScriptDirectives.Directive::value)
                .setHeader("Value")
                .setFlexGrow(1);
        directives.setAllRowsVisible(true);
        directives.addThemeVariants(GridVariant.LUMO_COMPACT);
        setPadding(false);
        add(script, new HorizontalLayout(upload, uploadMessage), new H3("#SBATCH lines"), directives);
    }
}
