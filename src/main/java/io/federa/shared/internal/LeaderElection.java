package io.federa.shared.internal;

import io.federa.shared.Leadership;
import io.federa.shared.LeadershipRevoked;
import io.federa.shared.ReplicaProperties;
import java.util.Objects;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.jdbc.lock.DefaultLockRepository;
import org.springframework.integration.jdbc.lock.JdbcLockRegistry;
import org.springframework.integration.leader.Candidate;
import org.springframework.integration.leader.Context;
import org.springframework.integration.support.leader.LockRegistryLeaderInitiator;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Several replicas on one database, one of them leading the periodic work (ADR 29): Spring
 * Integration's leader initiator holds a lock of its JDBC lock registry (table {@code int_lock}) and
 * renews it every {@code federa.replicas.heartbeat}; when the leader dies its claim runs out after
 * {@code federa.replicas.lock-ttl} and another replica takes it. Every {@code @Scheduled} task runs
 * through {@link LeaderOnlyTaskScheduler}: on a replica that does not lead, a tick does nothing.
 */
@Configuration(proxyBeanMethods = false)
class LeaderElection implements SchedulingConfigurer {

    static final String ROLE = "federa/periodic-work";

    private final BeanFactory beans;
    private final ObjectProvider<TaskScheduler> schedulers;
    private final ReplicaLeadership leadership;

    LeaderElection(BeanFactory beans, ObjectProvider<TaskScheduler> schedulers, ReplicaLeadership leadership) {
        this.beans = beans;
        this.schedulers = schedulers;
        this.leadership = leadership;
    }

    @Bean
    static ReplicaLeadership replicaLeadership(ApplicationEventPublisher events) {
        return new ReplicaLeadership(UUID.randomUUID().toString(), events);
    }

    @Bean
    static DefaultLockRepository federaLockRepository(
            DataSource dataSource,
            PlatformTransactionManager transactions,
            ReplicaProperties props,
            ReplicaLeadership leadership) {
        var repository = new DefaultLockRepository(dataSource, leadership.getId());
        repository.setRegion("federa");
        repository.setTimeToLive((int) props.lockTtl().toMillis());
        repository.setTransactionManager(transactions);
        return repository;
    }

    @Bean
    static JdbcLockRegistry federaLockRegistry(DefaultLockRepository repository, ReplicaProperties props) {
        var registry = new JdbcLockRegistry(repository, props.lockTtl());
        // a replica that does not lead asks twice per heartbeat, not every 100 ms
        registry.setIdleBetweenTries(props.heartbeat().dividedBy(2));
        return registry;
    }

    @Bean
    static LockRegistryLeaderInitiator federaLeaderInitiator(
            JdbcLockRegistry locks, ReplicaLeadership leadership, ReplicaProperties props) {
        var initiator = new LockRegistryLeaderInitiator(locks, leadership);
        initiator.setHeartBeatMillis(props.heartbeat().toMillis());
        initiator.setBusyWaitMillis(props.heartbeat().toMillis());
        return initiator;
    }

    /** The scheduler of the {@code @Scheduled} methods only; other users of the scheduler are not gated. */
    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        // Boot's scheduler, the one the registrar would pick itself
        TaskScheduler delegate = beans.containsBean("taskScheduler")
                ? beans.getBean("taskScheduler", TaskScheduler.class)
                : Objects.requireNonNullElseGet(schedulers.getIfUnique(), LeaderElection::ownScheduler);
        registrar.setTaskScheduler(new LeaderOnlyTaskScheduler(delegate, leadership));
    }

    private static TaskScheduler ownScheduler() {
        var own = new ThreadPoolTaskScheduler();
        own.setThreadNamePrefix("scheduling-");
        own.setDaemon(true);
        own.initialize();
        return own;
    }

    /** Leadership as Spring Integration's candidate reports it. */
    static final class ReplicaLeadership implements Leadership, Candidate {

        private static final Logger log = LoggerFactory.getLogger(ReplicaLeadership.class);

        private final String id;
        private final ApplicationEventPublisher events;
        private volatile boolean leader;

        ReplicaLeadership(String id, ApplicationEventPublisher events) {
            this.id = id;
            this.events = events;
        }

        @Override
        public boolean isLeader() {
            return leader;
        }

        @Override
        public String getRole() {
            return ROLE;
        }

        @Override
        public String getId() {
            return id;
        }

        @Override
        public void onGranted(Context context) {
            leader = true;
            log.info("replica {} leads the periodic work (cluster polls, reconcilers, syncs)", id);
        }

        @Override
        public void onRevoked(Context context) {
            leader = false;
            log.info("replica {} has stopped leading the periodic work", id);
            events.publishEvent(new LeadershipRevoked());
        }
    }
}
