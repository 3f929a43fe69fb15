/**
 * The audit trail: an append-only, hash-chained log of every state change and every access to
 * sensitive data.
 *
 * <p>Each {@link io.ottu.audit.AuditEvent} says who did what to which subject, when and why. An
 * {@link io.ottu.audit.AuditLog} appends it as an {@link io.ottu.audit.AuditRecord} whose SHA-256
 * hash covers the event, its sequence number and the previous record's hash, so {@link
 * io.ottu.audit.AuditLog#verify()} detects any record that was modified, reordered or removed.
 * Events never contain card numbers, CVCs or secrets.
 */
package io.ottu.audit;
