package io.federa.security;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The expected answers of the isolation matrix (ADR 27): one row per page (Vaadin route template, as
 * the route registry names it) and per REST handler ({@code METHOD /pattern}, as Spring's handler
 * mapping names it), one column per role. Every other team's resource is team-a's, created by alice
 * in {@link IsolationMatrixIT}; alice's column is the control that the ids are real.
 *
 * <p>Pages answer a plain page load: 200, 403 (the view's annotation refuses the role, ADR 4; the
 * team audit page is for team admins), 404 (another team's run, sweep or job: answered as for one
 * that does not exist) or 302 (to the login, for anonymous). REST answers as the API documents: 401
 * without a login or token for reads; 403 for an anonymous write (the CSRF check refuses it before a
 * login is asked for), a role or team the caller may not act for, a report without the run's token,
 * and a cancel of a run the caller cannot see ("There is no run", as for one that does not exist);
 * 404 for another team's resource; 200 with only the caller's own rows for a list filtered on
 * another team (runs, sweeps, jobs), 403 where the filter names the team (usage, Kubernetes
 * resources); 400 for a claim without the sweep's secret and for a CSRF token asked with a bearer
 * token. A portal admin may act for every team (a dry run answers 200; a submit 400, carol has no
 * Slurm user). Notebooks (ADR 30): another person's answers 404, also to a team mate; a portal
 * admin reads and may stop one (409 here: alice's failed) but neither starts, deletes (403) nor
 * extends or shares it (404: the owner's acts); alice's own starts answer 409 (team-a's per-person
 * limit is 0 by then); a job's report without the notebook's token answers 404 to everyone. A new
 * page or handler has no row: the test fails until someone decides its answers
 * here.
 */
final class IsolationMatrix {

    enum Role {
        ANONYMOUS,
        /** bob: data scientist of team-b, another team. */
        OTHER_TEAM,
        /** bob again, made team admin of team-b (the realm has no team admin of another team). */
        OTHER_TEAM_ADMIN,
        /** dave: approver, in no team. */
        APPROVER,
        /** carol: portal admin. */
        PORTAL_ADMIN,
        /** alice: the owner (team-a), the control. */
        OWNER,
        /** federa-ci-team-b: team-b's service account with a bearer token (REST only). */
        OTHER_TEAM_TOKEN
    }

    /** A row's cell for a role it does not apply to (pages are loaded by people, not by tokens). */
    static final int NOT_APPLICABLE = 0;

    // @formatter:off
    static final String TABLE = """
            # key                                                anon other admin approver portal owner token
            PAGE                                                  302  200   200   200      200    200   -
            PAGE admin/audit                                      302  403   403   403      200    403   -
            PAGE admin/environments                               302  403   403   403      200    403   -
            PAGE admin/clusters                                   302  403   403   403      200    403   -
            PAGE admin/kubernetes                                 302  403   403   403      200    403   -
            PAGE admin/permissions                                302  403   403   403      200    403   -
            PAGE admin/quotas                                     302  403   403   403      200    403   -
            PAGE admin/teams                                      302  403   403   403      200    403   -
            PAGE admin/templates                                  302  403   403   403      200    403   -
            PAGE audit                                            302  403   200   403      200    200   -
            PAGE clusters                                         302  200   200   200      200    200   -
            PAGE jobs                                             302  200   200   200      200    200   -
            PAGE jobs/:cluster/:jobId                             302  404   404   404      200    200   -
            PAGE models                                           302  200   200   200      200    200   -
            PAGE models/:id                                       302  404   404   404      200    200   -
            PAGE models/:id/environments/:env                     302  404   404   404      200    200   -
            PAGE promotions/:id?                                  302  404   404   200      200    200   -
            PAGE runs                                             302  200   200   200      200    200   -
            PAGE runs/compare                                     302  404   404   404      200    200   -
            PAGE runs/new                                         302  200   200   200      200    200   -
            PAGE runs/:id(r-[a-z2-7]{12})                         302  404   404   404      200    200   -
            PAGE sweeps/:id                                       302  404   404   404      200    200   -
            PAGE sweeps/new                                       302  200   200   200      200    200   -
            PAGE usage                                            302  403   403   403      200    200   -
            GET /api/csrf                                         401  200   200   200      200    200   400
            GET /api/jobs                                         401  200   200   200      200    200   200
            GET /api/jobs/{cluster}/{jobId}                       401  404   404   404      200    200   404
            GET /api/usage                                        401  403   403   403      200    200   403
            GET /api/runs                                         401  200   200   200      200    200   200
            GET /api/runs/{id}                                    401  404   404   404      200    200   404
            POST /api/runs/{id}/cancel                            403  403   403   403      200    200   403
            GET /api/runs/{id}/metrics                            401  404   404   404      200    200   404
            GET /api/runs/{id}/logs                               401  404   404   404      200    200   404
            GET /api/runs/{id}/artifacts/{name}                   401  404   404   404      200    200   404
            POST /api/runs                                        403  403   403   403      400    201   403
            POST /api/runs/check                                  403  403   403   403      200    200   403
            GET /api/runs/templates                               401  200   200   200      200    200   200
            GET /api/runs/helper/federa.py                        200  200   200   200      200    200   200
            POST /api/runs/{id}/metrics                           403  403   403   403      403    403   403
            POST /api/runs/{id}/logs                              403  403   403   403      403    403   403
            POST /api/runs/{id}/params                            403  403   403   403      403    403   403
            POST /api/runs/{id}/tags                              403  403   403   403      403    403   403
            POST /api/runs/{id}/artifacts                         403  403   403   403      403    403   403
            POST /api/sweeps/{id}/trials/{index}/token            400  400   400   400      400    400   400
            POST /api/sweeps                                      403  403   403   403      400    201   403
            GET /api/sweeps                                       401  200   200   200      200    200   200
            GET /api/sweeps/{id}                                  401  404   404   404      200    200   404
            GET /api/audit                                        401  403   200   403      200    200   403
            GET /api/audit/{seq}                                  401  403   404   403      200    200   403
            GET /api/audit/verify                                 401  403   403   403      200    403   403
            GET /api/audit/export                                 401  403   403   403      200    403   403
            POST /api/audit/retention                             403  403   403   403      200    403   403
            GET /api/kubernetes/clusters                          401  200   200   200      200    200   200
            GET /api/kubernetes/resources                         401  403   403   403      200    200   403
            GET /api/models                                       401  200   200   200      200    200   200
            POST /api/models                                      403  403   403   403      200    400   403
            GET /api/models/{id}                                  401  404   404   404      200    200   404
            POST /api/models/{id}/versions                        403  404   404   404      200    200   404
            POST /api/models/{id}/versions/upload                 403  404   404   404      200    200   404
            GET /api/models/versions/{versionId}                  401  404   404   404      200    200   404
            PUT /api/models/versions/{versionId}/tags/{key}       403  404   404   404      200    200   404
            PUT /api/models/{id}/aliases/{alias}                  403  404   404   404      200    200   404
            GET /api/models/from-run/{runId}                      401  200   200   200      200    200   200
            GET /api/models/environments                          401  200   200   200      200    200   200
            PUT /api/models/environments/{name}                   403  403   403   403      200    403   403
            GET /api/models/promotions                            401  200   200   200      200    200   200
            POST /api/models/promotions                           403  404   404   404      200    200   404
            GET /api/models/promotions/{requestId}                401  404   404   200      200    200   404
            POST /api/models/promotions/{requestId}/approve       403  404   404   200      403    403   404
            POST /api/models/promotions/{requestId}/reject        403  404   404   409      403    403   404
            POST /api/models/promotions/{requestId}/withdraw      403  404   404   403      403    409   404
            GET /api/models/{id}/environments/{environment}       401  404   404   404      200    200   404
            POST /api/models/{id}/environments/{environment}/promote-canary  403  404   404   404      409    409   404
            POST /api/models/{id}/environments/{environment}/rollback        403  404   404   404      409    409   404
            POST /api/models/{id}/environments/{environment}/infer           403  404   404   404      404    404   404
            PAGE notebooks                                        302  200   200   200      200    200   -
            PAGE admin/notebooks                                  302  403   403   403      200    403   -
            GET /api/notebooks                                    401  200   200   200      200    200   200
            POST /api/notebooks                                   403  403   403   403      403    409   403
            GET /api/notebooks/options                            401  403   403   403      403    200   403
            GET /api/notebooks/{id}                               401  404   404   404      200    200   404
            POST /api/notebooks/{id}/stop                         403  404   404   404      409    409   404
            POST /api/notebooks/{id}/start                        403  404   404   404      403    409   404
            POST /api/notebooks/{id}/extend                       403  404   404   404      404    200   404
            PUT /api/notebooks/{id}/shared                        403  404   404   404      404    200   404
            DELETE /api/notebooks/{id}                            403  404   404   404      403    204   404
            POST /api/notebooks/{id}/report                       404  404   404   404      404    404   404
            """;
    // @formatter:on

    private final Map<String, Map<Role, Integer>> rows;

    IsolationMatrix(String table) {
        rows = parse(table);
    }

    static IsolationMatrix standard() {
        return new IsolationMatrix(TABLE);
    }

    private static Map<String, Map<Role, Integer>> parse(String table) {
        Map<String, Map<Role, Integer>> out = new LinkedHashMap<>();
        Role[] roles = Role.values();
        for (String line : table.lines().toList()) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            String[] words = t.split("\\s+");
            int cells = words.length - roles.length;
            // the key is everything before the cells: "PAGE" alone is the root route ""
            String key = String.join(" ", Arrays.copyOfRange(words, 0, cells));
            if (key.equals("PAGE")) {
                key = "PAGE ";
            }
            if (cells < 1 || out.containsKey(key)) {
                throw new IllegalArgumentException("bad or repeated row: " + line);
            }
            Map<Role, Integer> row = new LinkedHashMap<>();
            for (int i = 0; i < roles.length; i++) {
                String cell = words[cells + i];
                row.put(roles[i], cell.equals("-") ? NOT_APPLICABLE : Integer.parseInt(cell));
            }
            out.put(key, row);
        }
        return out;
    }

    Set<String> keys() {
        return rows.keySet();
    }

    /** The expected status; {@link #NOT_APPLICABLE} when the role does not apply. */
    int expected(String key, Role role) {
        Map<Role, Integer> row = rows.get(key);
        if (row == null) {
            throw new IllegalArgumentException("no row for " + key);
        }
        return row.get(role);
    }

    /** Pages and handlers the portal has that the table has no row for: each one fails the matrix. */
    List<String> missingRows(Set<String> discovered) {
        return discovered.stream()
                .filter(k -> !rows.containsKey(k))
                .sorted()
                .map(k -> "no row for " + k + ": add one to IsolationMatrix.TABLE")
                .toList();
    }

    /** Rows for pages or handlers the portal no longer has (stale rows hide nothing, but mislead). */
    List<String> staleRows(Set<String> discovered) {
        return new TreeSet<>(rows.keySet())
                .stream()
                        .filter(k -> !discovered.contains(k))
                        .map(k -> "row without page or handler: " + k)
                        .toList();
    }

    /** One observed answer against its cell: empty when it matches. */
    List<String> check(String key, Role role, String channel, int status) {
        int want = expected(key, role);
        List<String> out = new ArrayList<>();
        if (want != NOT_APPLICABLE && want != status) {
            out.add(key + " as " + role + " (" + channel + "): expected " + want + ", got " + status);
        }
        return out;
    }
}
