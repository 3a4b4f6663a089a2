package io.federa.identity.internal;

import io.federa.identity.People;
import io.federa.identity.Person;
import java.util.Collection;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
class JpaPeople implements People {

    private final PersonRepository repository;

    JpaPeople(PersonRepository repository) {
        this.repository = repository;
    }

    @Override
    @Transactional(readOnly = true)
    public Map<String, Person> byUsernames(Collection<String> usernames) {
        return repository.findAllById(usernames).stream()
                .map(PersonEntity::toPerson)
                .collect(Collectors.toMap(Person::username, Function.identity()));
    }
}
