package io.federa.identity.internal;

import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

interface PersonRepository extends JpaRepository<PersonEntity, String> {

    Optional<PersonEntity> findBySubject(String subject);
}
