package io.federa.identity.internal;

import io.federa.identity.Person;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

@Entity
@Table(name = "people")
class PersonEntity {

    @Id
    private String username;

    @Column(name = "subject")
    private @Nullable String subject;

    @Column(name = "display_name", nullable = false)
    private String displayName;

    @Column(name = "email", nullable = false)
    private String email;

    @Column(name = "last_login")
    private @Nullable Instant lastLogin;

    protected PersonEntity() {
        this.username = "";
        this.displayName = "";
        this.email = "";
    }

    PersonEntity(String username) {
        this.username = username;
        this.displayName = username;
        this.email = "";
    }

    void loggedIn(String subject, String displayName, String email, Instant at) {
        this.subject = subject;
        this.displayName = displayName;
        this.email = email;
        this.lastLogin = at;
    }

    /** The directory's description; the login fields (subject, last login) stay as they are. */
    void describedByDirectory(String displayName, String email) {
        this.displayName = displayName;
        this.email = email;
    }

    Person toPerson() {
        return new Person(username, displayName, email, lastLogin);
    }
}
