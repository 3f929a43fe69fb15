/** Not API: each gateway's webhook format, behind {@code NotificationFormats}. */
package io.ottu.webhooks.internal.formats;
