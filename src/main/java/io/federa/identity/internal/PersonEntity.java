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

    /** A login of the account this person is bound to ({@link SubjectBinding} checked it). */
    void loggedIn(String subject, String displayName, String email, Instant at) {
        if (this.subject == null) {
            this.subject = subject;
        } else if (!this.subject.equals(subject)) {
            throw new IllegalStateException("person " + username + " is bound to another subject");
        }
        this.displayName = displayName;
        this.email = email;
        this.lastLogin = at;
    }

    /** The directory's description; the login fields (subject, last login) stay as they are. */
    void describedByDirectory(String displayName, String email) {
        this.displayName = displayName;
        this.email = email;
    }

    @Nullable
    String subject() {
        return subject;
    }

    String username() {
        return username;
    }

    /** Binds the user name to an account (once: a bound subject is never overwritten by a login). */
    void bindTo(String subject) {
        this.subject = subject;
    }

    /** The earlier account behind this user name is gone; the next account to log in binds afresh. */
    void unbind() {
        this.subject = null;
        this.lastLogin = null;
    }

    Person toPerson() {
        return new Person(username, displayName, email, lastLogin);
    }
}
