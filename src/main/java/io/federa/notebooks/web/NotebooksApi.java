package io.federa.notebooks.web;

import io.federa.identity.CurrentUser;
import io.federa.identity.CurrentUsers;
import io.federa.notebooks.Notebook;
import io.federa.notebooks.NotebookKind;
import io.federa.notebooks.NotebookOptions;
import io.federa.notebooks.NotebookRefusedException;
import io.federa.notebooks.NotebookRequest;
import io.federa.notebooks.Notebooks;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Notebooks over REST ({@code /api/notebooks}), for people (OIDC session, CSRF on writes) and scripts
 * (access tokens). Another person's notebook answers 404 like one that does not exist; failures are
 * RFC 9457 problems from the global advice (422 a request that cannot be met, 409 a quota or a state
 * that does not allow it, 403 a team the caller does not act for). No answer carries a token.
 */
@RestController
@RequestMapping("/api/notebooks")
class NotebooksApi {

    /** A notebook to start; {@code kind} and {@code cluster} may be left out for any eligible one. */
    record StartBody(
            @Nullable String team,
            @Nullable String kind,
            @Nullable String cluster,
            @Nullable String image,
            @Nullable Integer cpus,
            @Nullable Integer memoryMib,
            @Nullable Integer gpus,
            @Nullable Integer timeLimitMinutes,
            @Nullable Integer idleCullMinutes) {

        NotebookRequest toRequest() {
            if (team == null || team.isBlank()) {
                throw new NotebookRefusedException("Say which team the notebook is for (\"team\").");
            }
            if (image == null || image.isBlank()) {
                throw new NotebookRefusedException("Say which image or environment to run (\"image\").");
            }
            NotebookKind k = null;
            if (kind != null && !kind.isBlank() && !kind.equalsIgnoreCase("any")) {
                try {
                    k = NotebookKind.valueOf(kind.strip().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new NotebookRefusedException("\"kind\" is KUBERNETES, SLURM or any.");
                }
            }
            return new NotebookRequest(
                    team,
                    k,
                    cluster == null || cluster.isBlank() || cluster.equalsIgnoreCase("any") ? null : cluster,
                    image,
                    cpus == null ? 1 : cpus,
                    memoryMib == null ? 2048 : memoryMib,
                    gpus == null ? 0 : gpus,
                    timeLimitMinutes,
                    idleCullMinutes);
        }
    }

    /** A notebook as the API shows it: where to open it, never its token or upstream address. */
    record NotebookBody(
            String id,
            String owner,
            String team,
            String kind,
            String cluster,
            String image,
            int cpus,
            int memoryMib,
            int gpus,
            @Nullable Integer timeLimitMinutes,
            long idleCullMinutes,
            String state,
            String reason,
            Instant createdAt,
            @Nullable Instant startedAt,
            @Nullable Instant lastActivityAt,
            long idleMinutes,
            @Nullable Long slurmJobId,
            boolean sharedWithAdmins,
            @Nullable Instant cullWarnedAt,
            String url) {

        static NotebookBody of(Notebook n, Instant now) {
            return new NotebookBody(
                    n.id(),
                    n.owner(),
                    n.team(),
                    n.kind().name(),
                    n.cluster(),
                    n.image(),
                    n.resources().cpus(),
                    n.resources().memoryMib(),
                    n.resources().gpus(),
                    n.resources().timeLimitMinutes(),
                    n.idleCull().toMinutes(),
                    n.state().name(),
                    n.reason(),
                    n.createdAt(),
                    n.startedAt(),
                    n.lastActivityAt(),
                    n.idleFor(now).toMinutes(),
                    n.slurmJobId(),
                    n.sharedWithAdmins(),
                    n.cullWarnedAt(),
                    "/notebooks/" + n.id() + "/");
        }
    }

    record ShareBody(boolean withAdmins) {}

    private final Notebooks notebooks;
    private final CurrentUsers currentUsers;
    private final Clock clock;

    NotebooksApi(Notebooks notebooks, CurrentUsers currentUsers, Clock clock) {
        this.notebooks = notebooks;
        this.currentUsers = currentUsers;
        this.clock = clock;
    }

    private CurrentUser user() {
        return currentUsers.require();
    }

    private NotebookBody body(Notebook n) {
        return NotebookBody.of(n, clock.instant());
    }

    @GetMapping
    List<NotebookBody> list() {
        return notebooks.visible(user()).stream().map(this::body).toList();
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    NotebookBody start(@RequestBody StartBody start) {
        return body(notebooks.start(user(), start.toRequest()));
    }

    /** What the New notebook form offers for a team: places, images, idle-cull bounds, the quota. */
    @GetMapping("/options")
    NotebookOptions options(@RequestParam String team) {
        return notebooks.options(user(), team);
    }

    @GetMapping("/{id}")
    NotebookBody one(@PathVariable String id) {
        return body(notebooks.find(user(), id));
    }

    @PostMapping("/{id}/stop")
    NotebookBody stop(@PathVariable String id) {
        return body(notebooks.stop(user(), id));
    }

    @PostMapping("/{id}/start")
    NotebookBody startAgain(@PathVariable String id) {
        return body(notebooks.startAgain(user(), id));
    }

    @PostMapping("/{id}/extend")
    NotebookBody extend(@PathVariable String id) {
        return body(notebooks.extend(user(), id));
    }

    @PutMapping("/{id}/shared")
    NotebookBody share(@PathVariable String id, @RequestBody ShareBody share) {
        return body(notebooks.share(user(), id, share.withAdmins()));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable String id) {
        notebooks.delete(user(), id);
    }
}
