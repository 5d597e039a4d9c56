/**
 * Secrets as values: every secret Rewind resolves is registered once, process-wide ({@link dev.rewind.secrets.SecretRegistry}),
 * and every text that leaves the process (console, log, journal, history, reports, alerts) passes one redactor
 * ({@link dev.rewind.secrets.Redactor}) on its way out. Below every other package: it uses none of them.
 */
package dev.rewind.secrets;
