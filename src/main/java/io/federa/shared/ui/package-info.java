/** UI shared by modules: page sections, state badges. Only {@code ui} packages may speak Vaadin. */
@NullMarked
@NamedInterface("ui")
package io.federa.shared.ui;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;
