package io.federa.identity;

import io.federa.shared.AuditRecord;
import io.federa.shared.AuditableEvent;

/** A person logged out of the portal (and of Keycloak). */
public record UserLoggedOut(AuditRecord audit) implements AuditableEvent {}
