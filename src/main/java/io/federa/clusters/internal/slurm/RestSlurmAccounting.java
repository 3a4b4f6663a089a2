package io.federa.clusters.internal.slurm;

import io.federa.clusters.SlurmAccount;
import io.federa.clusters.SlurmAccounting;
import io.federa.clusters.SlurmAssociation;
import io.federa.clusters.SlurmError;
import io.federa.clusters.SlurmException;
import io.federa.clusters.SlurmQos;
import io.federa.clusters.SlurmUser;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * {@link SlurmAccounting} over slurmrestd: reads what exists first (that makes the writes
 * idempotent and gives the stored limits an association update must resend), then sends the
 * version's writes, ignoring only the errors the version marks as spurious.
 */
final class RestSlurmAccounting implements SlurmAccounting {

    /** Slurm's "nothing found", for an association that is not there. */
    private static final int NOTHING_FOUND = 9003;

    private final RestSlurmClient client;
    private final SlurmHttp http;
    private volatile @Nullable String slurmCluster;

    RestSlurmAccounting(RestSlurmClient client, SlurmHttp http) {
        this.client = client;
        this.http = http;
    }

    @Override
    public List<SlurmAccount> accounts() {
        return db(a -> read(a.accounts()));
    }

    @Override
    public List<SlurmUser> users() {
        return db(a -> read(a.users()));
    }

    @Override
    public List<SlurmAssociation> associations() {
        return db(a -> readOrNone(a.associations(cluster(a), null, null)).stream()
                .map(SlurmdbAdapter.Stored::association)
                .toList());
    }

    @Override
    public List<SlurmQos> qos() {
        return db(a -> read(a.qos()));
    }

    @Override
    public void createAccount(
            String account,
            String description,
            String organization,
            @Nullable String parentAccount,
            List<String> qos,
            @Nullable String defaultQos) {
        db(a -> {
            String cluster = cluster(a);
            if (find(a, cluster, account, null).isPresent()) {
                return null;
            }
            boolean exists = read(a.accounts()).stream().anyMatch(x -> x.name().equals(account));
            run(a.createAccount(
                    cluster,
                    account,
                    description,
                    organization,
                    parentAccount != null ? parentAccount : "root",
                    qos,
                    defaultQos,
                    exists));
            if (find(a, cluster, account, null).isEmpty()) {
                throw refused("the account association " + account + " was not created");
            }
            return null;
        });
    }

    @Override
    public void addUser(
            String user, String account, boolean defaultAccount, List<String> qos, @Nullable String defaultQos) {
        db(a -> {
            String cluster = cluster(a);
            Optional<SlurmUser> known =
                    read(a.users()).stream().filter(u -> u.name().equals(user)).findFirst();
            if (find(a, cluster, account, user).isPresent()) {
                if (defaultAccount
                        && known.isPresent()
                        && !account.equals(known.get().defaultAccount())) {
                    run(List.of(a.setDefaultAccount(user, account)));
                }
                return null;
            }
            run(a.addUser(cluster, user, account, defaultAccount, qos, defaultQos, known.isPresent()));
            return null;
        });
    }

    @Override
    public boolean canLimitQosTresMinutes() {
        return db(SlurmdbAdapter::qosTresMinutes);
    }

    @Override
    public void saveQos(SlurmQos qos) {
        db(a -> {
            SlurmQos stored = read(a.qos()).stream()
                    .filter(q -> q.name().equals(qos.name()))
                    .findFirst()
                    .orElse(null);
            run(List.of(a.saveQos(qos, stored)));
            return null;
        });
    }

    @Override
    public void setAssociationQos(
            String account, @Nullable String user, List<String> qos, @Nullable String defaultQos) {
        db(a -> {
            String cluster = cluster(a);
            SlurmdbAdapter.Stored stored = find(a, cluster, account, user)
                    .orElseThrow(() -> refused("no association of account " + account
                            + (user != null ? " and user " + user : "") + " on " + cluster));
            run(List.of(a.setAssociationQos(stored, qos, defaultQos)));
            SlurmAssociation now = find(a, cluster, account, user)
                    .map(SlurmdbAdapter.Stored::association)
                    .orElseThrow(() -> refused("the association of account " + account + " is gone"));
            if (!java.util.Set.copyOf(now.qos()).equals(java.util.Set.copyOf(qos))
                    || !Objects.equals(now.defaultQos(), defaultQos)) {
                // seen on 22.05 (v0.0.38): updates of an account association are accepted and ignored
                throw refused("Slurm did not apply the QOS change to the association of account " + account
                        + (user != null ? " and user " + user : "")
                        + " (Slurm 22.05's REST API ignores updates of account associations: use sacctmgr)");
            }
            return null;
        });
    }

    @Override
    public void deleteUserAssociation(String user, String account) {
        db(a -> {
            String cluster = cluster(a);
            if (find(a, cluster, account, user).isPresent()) {
                run(List.of(a.deleteAssociation(cluster, account, user)));
            }
            return null;
        });
    }

    private Optional<SlurmdbAdapter.Stored> find(
            SlurmdbAdapter a, String cluster, String account, @Nullable String user) {
        return readOrNone(a.associations(cluster, account, user)).stream()
                .filter(s -> s.association().account().equals(account)
                        && Objects.equals(s.association().user(), user)
                        && s.association().partition() == null)
                .findFirst();
    }

    private String cluster(SlurmdbAdapter a) {
        String known = slurmCluster;
        if (known == null) {
            known = read(a.clusterName(http.cluster()));
            slurmCluster = known;
        }
        return known;
    }

    private void run(List<SlurmdbAdapter.Write> writes) {
        for (SlurmdbAdapter.Write w : writes) {
            try {
                http.execute(http.adminUser(), w.call());
            } catch (SlurmException e) {
                if (!w.tolerated().test(e.errors())) {
                    throw e;
                }
            }
        }
    }

    /** 22.05 answers a query that matches nothing with the error "Nothing found" (9003). */
    private <T> List<T> readOrNone(SlurmCall<List<T>> call) {
        try {
            return read(call);
        } catch (SlurmException e) {
            if (!e.errors().isEmpty() && e.errors().stream().allMatch(x -> x.errorNumber() == NOTHING_FOUND)) {
                return List.of();
            }
            throw e;
        }
    }

    private <T> T read(SlurmCall<T> call) {
        return http.execute(http.adminUser(), call);
    }

    private <T> T db(Function<SlurmdbAdapter, T> work) {
        return client.withAdapter(a -> work.apply(a.accounting()));
    }

    private SlurmException refused(String why) {
        return new SlurmException(http.cluster(), 404, List.of(new SlurmError(NOTHING_FOUND, why, "federa", "")));
    }
}
