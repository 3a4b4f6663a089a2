package io.federa.shared;

/**
 * Someone was refused (HTTP 403, a page their roles do not allow, a team they may not act for). The
 * resource is the request ({@code GET /admin/quotas}) or the action they tried; the reason is what
 * they were told.
 */
public record AccessRefused(AuditRecord audit) implements AuditableEvent {}
