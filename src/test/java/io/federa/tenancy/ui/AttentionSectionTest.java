package io.federa.tenancy.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Anchor;
import io.federa.identity.CurrentUser;
import io.federa.shared.Attention;
import io.federa.shared.AttentionSource;
import io.federa.shared.Roles;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/** "Needs attention" without a browser: what it lists, that it says so when all is well, and for whom. */
class AttentionSectionTest {

    static final CurrentUser CAROL =
            CurrentUser.of("s-carol", "carol", "Carol", "", Set.of(Roles.PORTAL_ADMIN), Set.of());
    static final CurrentUser ALICE =
            CurrentUser.of("s-alice", "alice", "Alice", "", Set.of(Roles.DATA_SCIENTIST), Set.of("team-a"));

    static AttentionSection section(AttentionSource... sources) {
        var beans = new StaticListableBeanFactory();
        for (int i = 0; i < sources.length; i++) {
            beans.addBean("source" + i, sources[i]);
        }
        return new AttentionSection(beans.getBeanProvider(AttentionSource.class));
    }

    static Stream<Component> all(Component c) {
        return Stream.concat(Stream.of(c), c.getChildren().flatMap(AttentionSectionTest::all));
    }

    static String text(Component c) {
        return c.getElement().getTextRecursively();
    }

    @Test
    void when_nothing_needs_attention_it_says_so() {
        Component shown = section(List::of, List::of).render(CAROL, List.of());

        assertThat(shown.getId()).contains("attention");
        assertThat(all(shown).filter(c -> c.getId().orElse("").equals("attention-none")))
                .singleElement()
                .satisfies(c -> assertThat(text(c)).startsWith("Nothing needs your attention"));
        assertThat(all(shown).filter(c -> c.getElement().getClassList().contains("attention-item")))
                .isEmpty();
    }

    @Test
    void every_sources_items_are_listed_with_a_link_to_where_they_are_fixed() {
        AttentionSource clusters = () -> List.of(new Attention(
                "cluster-down", "c9", "Cluster c9 is down: refused.", "admin/clusters", "Cluster registry", null));
        AttentionSource runs =
                () -> List.of(new Attention("run-lost", "r-x", "Run r-x was lost.", "runs/r-x", "Run r-x", null));

        Component shown = section(clusters, runs).render(CAROL, List.of());

        List<Component> items = all(shown)
                .filter(c -> c.getElement().getClassList().contains("attention-item"))
                .toList();
        assertThat(items).hasSize(2);
        assertThat(items.getFirst().getElement().getAttribute("data-kind")).isEqualTo("cluster-down");
        assertThat(text(items.getFirst())).contains("Cluster c9 is down: refused.");
        assertThat(all(items.getFirst()).filter(Anchor.class::isInstance).map(a -> ((Anchor) a).getHref()))
                .containsExactly("admin/clusters");
        assertThat(all(items.get(1)).filter(Anchor.class::isInstance).map(a -> ((Anchor) a).getHref()))
                .containsExactly("runs/r-x");
        assertThat(all(shown).filter(c -> c.getId().orElse("").equals("attention-none")))
                .isEmpty();
    }

    @Test
    void anyone_but_a_portal_admin_gets_nothing_and_no_source_is_asked() {
        AttentionSource refusing = () -> {
            throw new AssertionError("asked for a data scientist");
        };

        Component shown = section(refusing).render(ALICE, List.of());

        assertThat(shown.getChildren()).isEmpty();
        assertThat(text(shown)).isEmpty();
    }
}
