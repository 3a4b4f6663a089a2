package io.federa.support;

import io.federa.access.TeamAccounts;
import io.federa.clusters.ClusterRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What most browser tests start from: the real c1 and c2 (failing loudly when they are not up),
 * registered in the test's portal with the demo teams mapped before each test, and a browser.
 * Subclasses carry {@link FederaIntegrationTest}; their own {@code @BeforeEach} runs after this one's.
 */
public abstract class PortalWithClusters {

    @RegisterExtension
    protected static final BrowserExtension browser = new BrowserExtension();

    protected static SlurmTestClusters slurm;

    @LocalServerPort
    protected int port;

    @Autowired
    protected ClusterRegistry registry;

    @Autowired
    protected TeamAccounts accounts;

    @BeforeAll
    static void realClusters() {
        slurm = SlurmTestClusters.require();
    }

    @BeforeEach
    void registerClusters() {
        Federation.registerLocalClusters(registry, accounts, slurm);
    }

    protected String portal() {
        return "http://localhost:" + port;
    }
}
