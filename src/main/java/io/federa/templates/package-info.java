/**
 * Run templates ({@link io.federa.templates.RunTemplates}), rendered by {@link
 * io.federa.templates.TemplateRendering}: values are data, never code
 * (docs/adr/0013-run-templates-and-routing.md); the template pages.
 */
@NullMarked
package io.federa.templates;

import org.jspecify.annotations.NullMarked;
