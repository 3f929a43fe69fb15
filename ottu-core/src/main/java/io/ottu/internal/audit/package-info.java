/** Implementations behind {@link io.ottu.audit.AuditLog}. Not API: never import from outside. */
package io.ottu.internal.audit;
