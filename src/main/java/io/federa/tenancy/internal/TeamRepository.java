package io.federa.tenancy.internal;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

interface TeamRepository extends JpaRepository<TeamEntity, Long> {

    Optional<TeamEntity> findByName(String name);

    List<TeamEntity> findByNameIn(Collection<String> names);

    List<TeamEntity> findAllByOrderByNameAsc();
}
