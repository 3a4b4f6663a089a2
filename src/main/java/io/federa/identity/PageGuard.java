package io.federa.identity;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * A module's answer to "may this signed-in person load this page?" for its pages that name one thing
 * (a run, a sweep, a job, a model, …). Vaadin bootstraps every page with a 200 and only then says
 * "No such …" (docs/adr/0004-forbidden-pages-answer-403.md), so one filter asks the guard of the path
 * before Vaadin does, and a page of a thing the person may not see — another team's, or none at all,
 * alike, so ids cannot be probed — answers a plain page with a real status (ADR 14, 27). Modules
 * contribute guards as beans; the views show the same words on in-app navigation.
 */
public interface PageGuard {

    /** Whether this guard decides the page at {@code path} (a pattern, no lookup). */
    boolean guards(String path);

    /**
     * Null when {@code user} may load the page at {@code path} (one this guard {@link #guards}); else
     * the plain page to answer instead.
     */
    @Nullable
    Refusal refusal(CurrentUser user, String path, HttpServletRequest request);

    /**
     * A plain page in place of the view: {@code status}, a {@code <main id=mainId>} with {@code title}
     * and {@code bodyHtml}, written as is (escape any user input in it).
     */
    record Refusal(int status, String mainId, String title, String bodyHtml) {

        /** 404: the thing does not exist or the person may not see it (the same answer). */
        public static Refusal notFound(String mainId, String title, String bodyHtml) {
            return new Refusal(404, mainId, title, bodyHtml);
        }
    }
}
