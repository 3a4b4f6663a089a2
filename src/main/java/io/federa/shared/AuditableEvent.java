package io.federa.shared;

/**
 * A past-tense event that the audit log records: publish it inside the transaction that makes the
 * change, and the audit module appends {@link #audit()} to its hash-chained log after the commit,
 * exactly once, even across a crash (Spring Modulith's event publication registry). See
 * docs/adr/0019-audit-log.md.
 *
 * <p>A module that wants its actions audited publishes a record implementing this interface; it
 * needs nothing from the audit module. The record must serialize to JSON and back (it is stored until
 * the audit log has it): plain records of strings, numbers, enums, instants and maps do.
 */
public interface AuditableEvent {

    AuditRecord audit();
}
