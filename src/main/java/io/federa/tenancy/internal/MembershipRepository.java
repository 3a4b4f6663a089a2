package io.federa.tenancy.internal;

import java.util.Collection;
import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

interface MembershipRepository extends JpaRepository<MembershipEntity, Long> {

    List<MembershipEntity> findByUsername(String username);

    List<MembershipEntity> findByTeamIdIn(Collection<Long> teamIds);

    boolean existsByTeamIdAndUsername(long teamId, String username);

    List<MembershipEntity> findByTeamId(long teamId);

    boolean existsByTeamIdAndUsernameAndTeamAdminTrue(long teamId, String username);
}
