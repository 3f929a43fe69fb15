/** Not API: the verifiers, formats, outbox and HTTP plumbing behind {@code io.ottu.webhooks}. */
package io.ottu.webhooks.internal;
